"""Template filters the public pages use: rich text and structured data."""
