"""The visitor's address, the one answer for sign-in lockouts and the report form's limits.

Without a proxy it is the connection's address. Behind TRUSTED_PROXY_COUNT proxies (with
BEHIND_PROXY=true) each proxy appends the address it received the request from to
X-Forwarded-For, so the client is the entry that many places from the right; anything to its
left the client could have written itself. django-axes asks this function through its
documented AXES_CLIENT_IP_CALLABLE setting, so a lockout hits the attacker's address instead
of the proxy's (which every colleague shares).
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted < 1 or len(hops) < trusted:
        # The request did not pass through every proxy we run (or the proxy sent nothing):
        # the connection's address is the only one we can vouch for.
        return remote
    return _valid(hops[-trusted]) or remote


def counted_address(request) -> str:
    """The client's address as the hourly limits count it: an IPv6 address by its /64, which
    one household or machine usually holds whole, so changing the last bits gains nothing."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        # An IPv4 visitor seen through a dual-stack socket: one address, not a /64 of them.
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
