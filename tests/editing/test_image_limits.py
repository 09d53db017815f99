"""A photo's file is small, its picture may not be: a plain 60-megapixel JPEG is decoded at a
reduced scale (peak memory measured in a process of its own), a PNG past the pixels decoded
whole is refused in Swedish before it is decoded, and an upright, scaled photo comes out."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from promises.editing import images

from ..support.peak_memory import measured

PEAK_LIMIT_KB = 300 * 1024
# Prepares the photo at argv[1] and prints the width it came out at.
CHILD = (
    "import os, sys\n"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'medborgarlofte.settings')\n"
    "import django\n"
    "django.setup()\n"
    "from django.core.files.uploadedfile import SimpleUploadedFile\n"
    "from PIL import Image\n"
    "from promises.editing.images import prepared_photo\n"
    "data = open(sys.argv[1], 'rb').read()\n"
    "made = prepared_photo(SimpleUploadedFile(os.path.basename(sys.argv[1]), data))\n"
    "print(Image.open(made).size[0])\n"
)


def encoded(image_format, size, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (20,) * len(mode)).save(buffer, image_format)
    return buffer.getvalue()


def upload(data, name):
    return SimpleUploadedFile(name, data)


def test_a_60_megapixel_jpeg_is_scaled_with_bounded_memory(tmp_path):
    path = tmp_path / "stor.jpg"
    path.write_bytes(encoded("JPEG", (7700, 7700)))
    assert path.stat().st_size < 2_000_000
    code, output, errors, peak_kb = measured(["-c", CHILD, str(path)])
    assert code == 0, errors
    width = int(output)
    assert width == images.MAX_WIDTH
    # Decoded whole it is 178 MB of pixels, and the worker peaked at about 510 MB.
    assert peak_kb < PEAK_LIMIT_KB


def test_a_png_past_the_pixels_decoded_whole_is_refused_in_swedish():
    side = int(images.MAX_PIXELS_DECODED_WHOLE**0.5) + 1
    data = encoded("PNG", (side, side), "L")
    with pytest.raises(ValidationError) as refused:
        images.prepared_photo(upload(data, "ritning.png"))
    assert refused.value.messages == ["Bilden har för många pixlar. Ladda upp en mindre bild."]


def test_a_photo_turned_by_its_exif_comes_out_upright_and_scaled():
    image = Image.new("RGB", (4000, 3000), (200, 10, 10))
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    made = Image.open(images.prepared_photo(upload(buffer.getvalue(), "telefon.jpg")))
    assert made.size == (images.MAX_WIDTH, images.MAX_WIDTH * 4000 // 3000)
    assert "exif" not in made.info
