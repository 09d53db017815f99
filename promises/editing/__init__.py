"""What an edit needs besides the admin's screens: roles, conflicts, history words, rich
text, photos, copying a period and backups."""
