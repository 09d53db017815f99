"""The app's management commands live in commands/."""
