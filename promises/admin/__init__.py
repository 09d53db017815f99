"""The admin: one module per model family plus the shared machinery (site, scope, history,
accounts, two-factor sign-in, the Swedish names of third-party apps).

The model admins are registered by `PromisesConfig.ready()` (promises/apps.py), not by
importing them here: Django imports this package while it builds the admin site (the site's
class lives in admin/site.py), and admins registered during that import would land on a site
that is then replaced.
"""
