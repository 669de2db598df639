"""Everyone's own profile: name, contacts, language, notifications, password, sessions."""
