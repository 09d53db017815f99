"""What machines read: search-engine data, the sitemap, the feed, open data, well-known
files."""
