"""Pictures for the image library's tests, drawn with Pillow in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Pillow
from PIL import ImageDraw

from articles import images

CALF_STRETCH_ALT = "A woman leaning on a wall with one leg stretched out behind her"


def picture_bytes(width=1600, height=1200, fmt="JPEG", exif=None, transparent=False, colour=(40, 110, 160)):
    """A simple drawing (a wall, a floor and a leaning stick figure) encoded as `fmt`."""
    mode = "RGBA" if transparent else "RGB"
    background = (0, 0, 0, 0) if transparent else (245, 242, 235)
    picture = Pillow.new(mode, (width, height), background)
    draw = ImageDraw.Draw(picture)
    w, h = width, height
    draw.rectangle([int(w * 0.8), 0, w, h], fill=(180, 170, 150))  # the wall
    draw.rectangle([0, int(h * 0.9), w, h], fill=(120, 100, 80))  # the floor
    line = max(2, w // 80)
    draw.ellipse([int(w * 0.6), int(h * 0.1), int(w * 0.7), int(h * 0.23)], outline=colour, width=line)  # head
    draw.line([(int(w * 0.64), int(h * 0.23)), (int(w * 0.45), int(h * 0.6))], fill=colour, width=line)  # body
    draw.line([(int(w * 0.62), int(h * 0.3)), (int(w * 0.8), int(h * 0.3))], fill=colour, width=line)  # arms
    draw.line([(int(w * 0.45), int(h * 0.6)), (int(w * 0.55), int(h * 0.9))], fill=colour, width=line)  # front leg
    draw.line([(int(w * 0.45), int(h * 0.6)), (int(w * 0.2), int(h * 0.9))], fill=colour, width=line)  # back leg
    out = io.BytesIO()
    picture.save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def upload(name="calf-stretch.jpg", data=None, content_type="image/jpeg", **picture):
    return SimpleUploadedFile(name, data if data is not None else picture_bytes(**picture), content_type)


def library_image(alt_text=CALF_STRETCH_ALT, slug="", caption="", credit="", user=None, **picture):
    """An image stored through the real upload code, with its renditions."""
    return images.create_image(
        upload(**picture), alt_text=alt_text, caption=caption, credit=credit, slug=slug, user=user
    )
