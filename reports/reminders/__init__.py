"""Reminders through the notification channel: to committees with no plan
submitted by the date their district set, and to cooperatives whose tasks
have gone quiet (`manage.py send_reminders`, from cron once a day)."""
