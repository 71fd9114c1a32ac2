"""The image library: checking an upload, making its renditions, and the
`[image:slug]` tag that puts it in an article.

- An upload is decoded with Pillow (never trusted by its name or type), and
  refused with a plain message when it is not a JPEG, PNG or WebP picture,
  is over IMAGE_MAX_BYTES or bigger than MAX_SIDE pixels either way, or when
  its alt text is a file name or too short to describe anything.
- At upload, and never on a reader's request, it is re-encoded without its
  metadata and resized to a few widths, each as WebP and as a JPEG (PNG when
  it has transparency) for browsers without WebP.
- An article shows it with `[image:slug]` on a line of its own. The tag is
  swapped for our own <figure> markup AFTER the sanitiser has run
  (articles/rendering.py), so it is the only way a picture gets into an
  article: typed <img> or <picture> HTML is still stripped.
"""

import hashlib
import io
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import slugify
from PIL import Image as Pillow
from PIL import ImageOps, UnidentifiedImageError

from articles.image_models import Image, ImageRendition

MAX_SIDE = 4000  # pixels, either way: far more than a page needs, and bounded decoding work
MIN_ALT_WORDS = 3
# Pillow's names for the formats we take (no GIF: no animation; no SVG: it is code, not pixels).
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
RENDITION_WIDTHS = (320, 640, 960, 1280)
# The width the plain <img src> names, for browsers that read no srcset.
DEFAULT_WIDTH = 640
WEBP_QUALITY = 80
JPEG_QUALITY = 82
# The article column is at most 42rem wide (--measure in site.css), the page
# has 1rem padding each side below that.
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
NARROW_BELOW = 640  # pixels: about the column's width (42rem)

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
IMAGE_TAG = re.compile(r"\[image:([^\]\s]*)\]")
# After sanitising, a tag alone in its paragraph is exactly this; nothing
# else in the sanitised HTML can look like it (attribute values may not
# contain "<" or ">", and text has them escaped).
FIGURE_PARAGRAPH = re.compile(rf"<p>\[image:({SLUG})\]</p>")
FILE_EXTENSION = re.compile(r"\.(jpe?g|png|gif|webp|svg|heic|heif|avif|tiff?|bmp)\b", re.I)
CAMERA_NAME = re.compile(r"^(img|dsc|dscn|pxl|screenshot|screen shot|photo|image|whatsapp image)[\s_-]*\d", re.I)


def max_bytes():
    return settings.IMAGE_MAX_BYTES


def _megabytes(n):
    return f"{n / (1024 * 1024):.0f} MB"


# --- Checking an upload --------------------------------------------------------


def decode_upload(upload):
    """The uploaded file as a decoded Pillow image, or ValidationError."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"This file is {upload.size / (1024 * 1024):.1f} MB; pictures can be up to {_megabytes(limit)}. "
            "Save it smaller (a width of 2000 pixels is plenty) and choose it again.",
            code="too_large",
        )
    upload.seek(0)
    try:
        picture = Pillow.open(upload)
        kind = picture.format
        if kind not in ACCEPTED_FORMATS:
            raise ValidationError(
                f"This is a {kind} file. Upload a JPEG, PNG or WebP picture.", code="format"
            )
        # Checked from the header, before the pixels are decoded.
        if picture.width > MAX_SIDE or picture.height > MAX_SIDE:
            raise ValidationError(
                f"This picture is {picture.width} × {picture.height} pixels; pictures can be up to "
                f"{MAX_SIDE} × {MAX_SIDE}. Save it smaller and choose it again.",
                code="too_many_pixels",
            )
        picture.load()  # a truncated or corrupt file fails here, not later
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Pillow.DecompressionBombError) as error:
        raise ValidationError(
            "This file is not a picture we can read. Upload a JPEG, PNG or WebP picture.", code="not_an_image"
        ) from error
    return picture


def alt_text_problem(alt_text, filename=""):
    """Why this alt text would not help someone who cannot see the picture, or None."""
    text = " ".join(alt_text.split())
    example = "for example “A woman leaning on a wall with one leg stretched out behind her”"
    stem = re.sub(r"[\s_.-]+", " ", filename.rsplit(".", 1)[0]).strip().lower()
    looks_like_a_file = (
        FILE_EXTENSION.search(text)
        or CAMERA_NAME.match(text)
        or (stem and re.sub(r"[\s_.-]+", " ", text).strip().lower() == stem)
        or (" " not in text and re.search(r"[_\d]|-", text))
    )
    if looks_like_a_file:
        return f"This looks like a file name. Describe what the picture shows instead, {example}."
    words = [word for word in text.split() if re.search(r"[^\W\d_]", word)]
    if len(words) < MIN_ALT_WORDS:
        return f"Describe what the picture shows in at least {MIN_ALT_WORDS} words, {example}."
    return None


def slug_for(alt_text):
    """A free slug made from the first words of the alt text."""
    base = slugify(" ".join(alt_text.split()[:6]))[:60].strip("-") or "image"
    slug, n = base, 2
    while Image.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Storing it, with its renditions ---------------------------------------------


def _has_transparency(picture):
    return picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)


def _normalised(picture):
    """Upright (phones record rotation in EXIF) and in RGB or RGBA."""
    upright = ImageOps.exif_transpose(picture)
    return upright.convert("RGBA" if _has_transparency(upright) else "RGB")


def _encode(picture, fmt):
    out = io.BytesIO()
    if fmt == ImageRendition.Format.WEBP:
        picture.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif fmt == ImageRendition.Format.JPEG:
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def rendition_widths(width):
    """The standard widths narrower than the picture, and its own width when it is narrower than the widest."""
    widths = [w for w in RENDITION_WIDTHS if w < width]
    if width <= RENDITION_WIDTHS[-1]:
        widths.append(width)
    return widths or [RENDITION_WIDTHS[-1]]


def store_upload(image, picture, upload_bytes):
    """Save an unsaved Image (alt text, caption, credit, slug and uploader set)
    from a checked upload (decode_upload's result), with its renditions."""
    picture = _normalised(picture)
    fallback = ImageRendition.Format.PNG if picture.mode == "RGBA" else ImageRendition.Format.JPEG
    digest = hashlib.sha256(upload_bytes).hexdigest()
    image.alt_text = " ".join(image.alt_text.split())
    image.caption, image.credit = image.caption.strip(), image.credit.strip()
    image.slug = image.slug or slug_for(image.alt_text)
    image.width, image.height, image.sha256 = picture.width, picture.height, digest
    # Names carry the content hash: a name always means the same bytes, so
    # the files can be cached forever and never collide.
    folder = f"images/{image.slug}/{digest[:12]}"
    written = []

    def store(name, data):
        saved = default_storage.save(name, ContentFile(data))
        written.append(saved)
        return saved

    try:
        with transaction.atomic():
            image.original = store(f"{folder}-original.{fallback}", _encode(picture, fallback))
            image.save()
            for width in rendition_widths(picture.width):
                height = max(1, round(picture.height * width / picture.width))
                resized = picture if width == picture.width else picture.resize((width, height), Pillow.LANCZOS)
                for fmt in (ImageRendition.Format.WEBP, fallback):
                    data = _encode(resized, fmt)
                    ImageRendition.objects.create(
                        image=image, format=fmt, width=width, height=height, bytes=len(data),
                        file=store(f"{folder}-{width}w.{fmt}", data),
                    )  # fmt: skip
    except BaseException:
        for name in written:
            default_storage.delete(name)
        image.pk = None
        raise
    return image


def create_image(upload, alt_text, caption="", credit="", slug="", user=None):
    """Check and store an uploaded file in one step (for scripts and tests)."""
    picture = decode_upload(upload)
    problem = alt_text_problem(alt_text, getattr(upload, "name", ""))
    if problem:
        raise ValidationError(problem, code="alt_text")
    upload.seek(0)
    image = Image(alt_text=alt_text, caption=caption, credit=credit, slug=slug, uploaded_by=user)
    return store_upload(image, picture, upload.read())


# --- The [image:slug] tag in articles ------------------------------------------------


def _lone_tag_lines(body):
    """Slugs of the tags that stand alone in a paragraph (a blank line, or the
    start or end of the text, before and after), as Markdown makes them."""
    lines = [re.sub(r"^(\s*>)*", "", line).strip() for line in body.splitlines()]
    alone = set()
    for i, line in enumerate(lines):
        match = IMAGE_TAG.fullmatch(line)
        before = lines[i - 1] if i > 0 else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if match and not before and not after:
            alone.add(i)
    return alone, lines


def tag_problems(body):
    """Plain-language problems with the image tags in an article's Markdown."""
    if "[image:" not in body:
        return []
    slugs = list(dict.fromkeys(IMAGE_TAG.findall(body)))
    known = set(Image.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    problems = [f"[image:{slug}] does not match any image in the image library." for slug in slugs
                if slug not in known]  # fmt: skip
    alone, lines = _lone_tag_lines(body)
    misplaced = [
        match.group(0)
        for i, line in enumerate(lines)
        for match in IMAGE_TAG.finditer(line)
        if i not in alone and match.group(1) in known
    ]
    problems += [f"Put {tag} on a line of its own, with an empty line before and after it." for tag in
                 dict.fromkeys(misplaced)]  # fmt: skip
    return problems


def images_in(body):
    """The library's images that a body's tags name, in the order first named."""
    slugs = list(dict.fromkeys(IMAGE_TAG.findall(body)))
    if not slugs:
        return []
    found = {image.slug: image for image in Image.objects.filter(slug__in=slugs).prefetch_related("renditions")}
    return [found[slug] for slug in slugs if slug in found]


def _srcset(renditions):
    return ", ".join(f"{default_storage.url(r.file.name)} {r.width}w" for r in renditions)


def figure_html(image):
    """Our own markup for one image: <picture> with WebP and a fallback, sized, lazy."""
    renditions = list(image.renditions.all())
    webp = [r for r in renditions if r.format == ImageRendition.Format.WEBP]
    fallback = [r for r in renditions if r.format != ImageRendition.Format.WEBP]
    default = min(fallback, key=lambda r: abs(r.width - DEFAULT_WIDTH))
    # width and height give the shape before it loads: those of the largest copy.
    largest = max(fallback, key=lambda r: r.width)
    # A picture narrower than the column is shown at its own size, never blown up.
    size_class = " article-image--narrow" if largest.width < NARROW_BELOW else ""
    caption = ""
    if image.caption or image.credit:
        caption = format_html(
            "<figcaption>{}{}</figcaption>",
            image.caption,
            format_html(' <span class="image-credit">{}</span>', image.credit) if image.credit else "",
        )
    return format_html(
        '<figure class="article-image{}"><picture>'
        '<source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">'
        "</picture>{}</figure>",
        size_class, _srcset(webp), SIZES,
        default_storage.url(default.file.name), _srcset(fallback), SIZES, largest.width, largest.height,
        image.alt_text, caption,
    )  # fmt: skip


def insert_figures(safe_html):
    """Swap each lone, known [image:slug] paragraph of SANITISED HTML for its figure.

    Unknown or misplaced tags stay as the text the editor typed; tag_problems()
    names them, and submitting is refused until they are fixed.
    """
    slugs = FIGURE_PARAGRAPH.findall(safe_html)
    if not slugs:
        return safe_html
    found = {image.slug: image for image in
             Image.objects.filter(slug__in=set(slugs)).prefetch_related("renditions")}  # fmt: skip

    def replace(match):
        image = found.get(match.group(1))
        return figure_html(image) if image else match.group(0)

    return FIGURE_PARAGRAPH.sub(replace, safe_html)


# --- For editors and reviewers ----------------------------------------------------


def review_lines(body):
    """Each image a body shows, as lines for the review diff: a different
    picture is a different slug, and its alt text, caption and credit are
    what readers get with it."""
    lines = []
    for image in images_in(body):
        lines += [
            f"Image [image:{image.slug}] ({image.width} × {image.height}, sha256 {image.sha256[:12]})",
            f"    Alt text: {image.alt_text}",
            f"    Caption: {image.caption or 'none'}",
            f"    Credit: {image.credit or 'none'}",
        ]
    return lines


def thumbnail_html(image, width=160, alt=None):
    """A small preview for the admin (alt="" where the alt text is shown beside it)."""
    renditions = [r for r in image.renditions.all() if r.format != ImageRendition.Format.WEBP]
    smallest = min(renditions, key=lambda r: r.width)
    height = round(smallest.height * width / smallest.width)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="image-thumbnail">',
        default_storage.url(smallest.file.name), width, height, image.alt_text if alt is None else alt,
    )  # fmt: skip


def used_in(image):
    """Articles whose working copy or any approved version shows this image."""
    from articles.models import Article

    tag = image.tag
    return (
        Article.objects.filter(Q(body__contains=tag) | Q(revisions__body__contains=tag)).distinct().order_by("title")
    )
