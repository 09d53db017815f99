"""Uploaded photos: checked, turned upright, scaled down and re-encoded without metadata.

Visitors never download the original: a phone photo of 5 MB becomes a file of a few hundred
kilobytes at most 1600 pixels wide, and its EXIF data (camera, sometimes GPS position) is gone.

A small file can hold a large picture: a plain 60-megapixel PNG packs into 250 kB and took
600 MB and four seconds to decode whole. So a JPEG is decoded at the smallest of its built-in
scales (1/2, 1/4, 1/8) that still leaves the width kept, and a PNG or WebP, which has no such
scales, may have at most MAX_PIXELS_DECODED_WHOLE pixels.
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
# Decoded whole at up to four bytes a pixel: 20 megapixels is some 80 MB, more than any
# screenshot or drawing; photos are JPEGs.
MAX_PIXELS_DECODED_WHOLE = 20_000_000
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
        limit = MAX_PIXELS if image_format == "JPEG" else MAX_PIXELS_DECODED_WHOLE
        if image.width * image.height > limit:
            raise ValidationError(_("The image has too many pixels. Upload a smaller image."))
        if image_format == "JPEG":
            # Both sides at least MAX_WIDTH, whichever way the EXIF data turns the photo.
            image.draft(image.mode, (MAX_WIDTH, MAX_WIDTH))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValidationError(
            _("The file is not an image that can be read. Upload a JPEG, PNG or WebP image.")
        ) from None
    ImageOps.exif_transpose(image, in_place=True)
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
