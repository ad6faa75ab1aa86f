"""Where webhooks may go (issue 9, point 12). Pure: stdlib only.

A desktop MES posts to systems on its LAN and on the same machine, so loopback and private
addresses stay allowed. Link-local addresses (169.254.0.0/16, fe80::/10) are refused: that is
where cloud metadata services answer (169.254.169.254, fd00:ec2::254 aside) and where a
webhook could read a machine's credentials. The check runs on the literal host when a
subscription is saved and again on every address a DNS name resolves to, at send time.
"""

from __future__ import annotations

import ipaddress

#: Host names of cloud metadata services (compared lower-case, without a final dot).
METADATA_NAMES = frozenset({
    "metadata.google.internal", "metadata", "metadata.azure.com", "instance-data",
    "instance-data.ec2.internal", "metadata.tencentyun.com", "metadata.oraclecloud.com",
})
#: Metadata addresses outside the link-local ranges (AWS's IPv6 endpoint).
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("fd00:ec2::254")})


def forbidden_address(address: str) -> bool:
    """True for a link-local or metadata IP address (IPv4-mapped IPv6 included)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return ip.is_link_local or ip in METADATA_ADDRESSES


def forbidden_host(host: str) -> bool:
    """True for a host written as a forbidden address or a metadata service's name."""
    name = host.strip("[]").rstrip(".").lower()
    return name in METADATA_NAMES or forbidden_address(name)
