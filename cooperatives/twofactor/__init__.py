"""Two-factor sign-in (TOTP) for those who issue and administer."""
