"""The app's schema and data migrations, in the order Django applies them."""
