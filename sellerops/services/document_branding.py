"""Tenant branding of documents: business name, address block, footer, accent, logo, signature."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sellerops.documents.model import Branding
from sellerops.errors import InvalidInputError
from sellerops.models import Tenant, TenantBranding
from sellerops.models.document import MAX_BUSINESS_NAME_LENGTH, MAX_FOOTER_LENGTH
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_text
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.document_files import read_content, write_content

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_ADDRESS_LINES = 6
MAX_ADDRESS_LINE_LENGTH = 120
MAX_IMAGE_BYTES = 2 * 1024 * 1024
DEFAULT_ACCENT = "#212529"


@dataclass(frozen=True)
class BrandingView:
    """A tenant's branding as services return it; images only as present or not."""

    business_name: str
    address_lines: tuple[str, ...]
    footer: str
    accent_hex: str
    has_logo: bool
    has_signature: bool


def set_branding(
    actor: Actor,
    business_name: str,
    address_lines: list[str] | tuple[str, ...],
    footer: str = "",
    accent_hex: str = DEFAULT_ACCENT,
    logo_png: bytes | None = None,
    signature_png: bytes | None = None,
) -> BrandingView:
    """Set the tenant's branding; a logo or signature left as None keeps the stored one."""
    check_text("business name", business_name, MAX_BUSINESS_NAME_LENGTH)
    if not business_name.strip():
        raise InvalidInputError("The business name is empty; pass the name to print on documents.")
    check_text("footer", footer, MAX_FOOTER_LENGTH)
    lines = _address_lines(address_lines)
    if not HEX_COLOUR.fullmatch(accent_hex):
        raise InvalidInputError(
            f"Accent colour {accent_hex!r} is invalid; pass '#' and six hex digits like #1F6FEB."
        )
    for label, image in (("logo", logo_png), ("signature", signature_png)):
        _check_png(label, image)
    authorize(actor, Action.BRANDING_EDIT, object_type="tenant_branding", object_id=actor.tenant_id)

    with actor.store.write(actor.tenant_id) as session:
        tenant = session.get_one(Tenant, actor.tenant_id)
        row = session.get(TenantBranding, actor.tenant_id)
        if row is None:
            row = TenantBranding(tenant_id=actor.tenant_id)
            session.add(row)
        row.business_name = business_name.strip()
        row.address_lines = list(lines)
        row.footer = footer.strip()
        row.accent_hex = accent_hex.upper()
        if logo_png is not None:
            row.logo_path = write_content(actor.store, tenant.slug, logo_png, ".png")[1]
        if signature_png is not None:
            row.signature_path = write_content(actor.store, tenant.slug, signature_png, ".png")[1]
        session.flush()
        record_success(
            session,
            actor,
            Action.BRANDING_EDIT,
            object_type="tenant_branding",
            object_id=actor.tenant_id,
            detail={"has_logo": row.logo_path is not None, "accent": row.accent_hex},
        )
        return _view(row)


def get_branding(actor: Actor) -> BrandingView | None:
    """Return the tenant's branding, or None before an owner sets it."""
    authorize(actor, Action.DOCUMENT_VIEW, object_type="tenant_branding", object_id=actor.tenant_id)
    with actor.store.read(actor.tenant_id) as session:
        row = session.get(TenantBranding, actor.tenant_id)
        return _view(row) if row is not None else None


def branding_for(
    session: Session, actor: Actor, seller_name: str, seller_lines: tuple[str, ...]
) -> Branding:
    """Return the branding to render with: the tenant's, else the seller's name and address."""
    row = session.get(TenantBranding, actor.tenant_id)
    if row is None:
        return Branding(business_name=seller_name, address_lines=seller_lines, footer="")

    accent = tuple(int(row.accent_hex[index : index + 2], 16) for index in (1, 3, 5))
    return Branding(
        business_name=row.business_name,
        address_lines=tuple(row.address_lines),
        footer=row.footer,
        accent_rgb=(accent[0], accent[1], accent[2]),
        logo_png=_image(actor, row.logo_path),
        signature_png=_image(actor, row.signature_path),
    )


def _image(actor: Actor, stored_path: str | None) -> bytes | None:
    if stored_path is None:
        return None
    digest = stored_path.rsplit("/", 1)[-1].removesuffix(".png")
    return read_content(actor.store, stored_path, digest)


def _address_lines(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    if len(lines) > MAX_ADDRESS_LINES:
        raise InvalidInputError(
            f"The address has {len(lines)} lines; pass at most {MAX_ADDRESS_LINES}."
        )
    for line in lines:
        check_text("address line", line, MAX_ADDRESS_LINE_LENGTH)
    return tuple(line.strip() for line in lines)


def _check_png(label: str, image: bytes | None) -> None:
    if image is None:
        return
    if not image.startswith(PNG_MAGIC):
        raise InvalidInputError(
            f"The {label} is not a PNG file; export it as PNG and upload again."
        )
    if len(image) > MAX_IMAGE_BYTES:
        raise InvalidInputError(
            f"The {label} has {len(image)} bytes, more than {MAX_IMAGE_BYTES}; shrink it."
        )


def _view(row: TenantBranding) -> BrandingView:
    return BrandingView(
        business_name=row.business_name,
        address_lines=tuple(row.address_lines),
        footer=row.footer,
        accent_hex=row.accent_hex,
        has_logo=row.logo_path is not None,
        has_signature=row.signature_path is not None,
    )
