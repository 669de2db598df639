"""The yearly rating of a cooperative (Thông tư 01/2020/TT-BKHĐT by default):
criteria sets as data (sets/, criteria.py), the computations (rules.py), the
self-assessment, the commune's review and the district's confirmation
(services.py), who sees what (access.py), reminders before the deadlines.

cooperatives never imports plans or reports: the steps emit events
(events.py) that reports turns into notifications."""
