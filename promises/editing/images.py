"""Uploaded photos: checked, turned upright, scaled down and re-encoded without metadata.

Visitors never download the original: a phone photo of 5 MB becomes a file of a few hundred
kilobytes at most 1600 pixels wide, and its EXIF data (camera, sometimes GPS position) is gone.
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_WIDTH = 1600
MAX_PIXELS = 60_000_000
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def prepared_photo(upload) -> ContentFile:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is too large. Upload an image of at most 15 MB."))
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image_format = image.format
        if image_format not in FORMATS:
            raise ValidationError(_("Upload a JPEG, PNG or WebP image."))
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The image has too many pixels. Upload a smaller image."))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValidationError(
            _("The file is not an image that can be read. Upload a JPEG, PNG or WebP image.")
        ) from None
    image = ImageOps.exif_transpose(image)
    if image.width > MAX_WIDTH:
        image.thumbnail((MAX_WIDTH, MAX_WIDTH * 10), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(output, "PNG", optimize=True)
    else:
        image.save(output, "WEBP", quality=85)
    stem = PurePath(upload.name).stem[:80] or "bild"
    return ContentFile(output.getvalue(), name=stem + FORMATS[image_format])
