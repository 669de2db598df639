"""Notifications: who must know or act after each workflow step, remark and
delivery (services.py), the bell and its list, and each person's e-mail
choices (views.py, forms.py), the e-mails themselves, at once through the
task worker or in a daily digest (mailing.py)."""
