"""People and accounts managed where they work: who may grant which role
(rules.py), the account services (accounts.py), profiles, invitations and
the record of every change (records.py)."""
