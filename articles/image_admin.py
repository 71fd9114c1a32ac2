"""The image library in the admin: upload, list, and a read-only page per image.

Images are never changed or deleted here (see articles/image_models.py): a
different picture or different alt text is a new upload, and the article's
tag then changes too, which sends the article through review again.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles import images
from articles.image_models import Image


class ImageUploadForm(forms.ModelForm):
    upload = forms.FileField(
        label="Picture",
        help_text=(
            f"A JPEG, PNG or WebP file, up to {images.MAX_SIDE} × {images.MAX_SIDE} pixels and "
            f"{images.max_bytes() // (1024 * 1024)} MB. Location and camera details are removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Image
        fields = ["alt_text", "caption", "credit", "slug"]
        widgets = {
            "alt_text": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "caption": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }
        labels = {"slug": "Name in articles"}
        help_texts = {
            "slug": "Put [image:this-name] on a line of its own in an article. Lower-case letters, digits and "
            "hyphens. Left empty, it is made from the alt text."
        }

    field_order = ["upload", "alt_text", "caption", "credit", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.picture = None

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.picture = images.decode_upload(upload)
        return upload

    def clean_alt_text(self):
        alt_text = self.cleaned_data["alt_text"]
        upload = self.files.get("upload")
        problem = images.alt_text_problem(alt_text, upload.name if upload else "")
        if problem:
            raise forms.ValidationError(problem, code="alt_text")
        return alt_text

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug and not re.fullmatch(images.SLUG, slug):
            raise forms.ValidationError(
                "Use lower-case letters, digits and single hyphens, for example calf-stretch-at-a-wall."
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        if self.errors and "upload" not in self.errors:
            # Browsers never fill a file box in again.
            self.add_error("upload", "Choose the picture again: a browser does not keep it when the form comes back.")
        return cleaned


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageUploadForm
    list_display = ["thumbnail", "slug", "alt_text", "size", "uploaded_by", "uploaded_at"]
    list_display_links = ["thumbnail", "slug"]
    search_fields = ["slug", "alt_text", "caption", "credit"]
    list_select_related = ["uploaded_by"]
    list_per_page = 50
    view_fields = [
        "how_to_use", "as_readers_see_it", "alt_text", "caption", "credit", "size", "renditions_made",
        "uploaded_by", "uploaded_at", "articles_using_it",
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_form(self, request, obj=None, **kwargs):
        if obj:  # the read-only page of an uploaded image: no upload box
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return self.view_fields if obj else ["upload", "alt_text", "caption", "credit", "slug"]

    def get_readonly_fields(self, request, obj=None):
        return self.view_fields if obj else []

    def has_change_permission(self, request, obj=None):
        return False  # an image never changes: upload a new one

    def has_delete_permission(self, request, obj=None):
        return False  # approved versions of articles may show it

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        form.cleaned_data["upload"].seek(0)
        images.store_upload(obj, form.picture, form.cleaned_data["upload"].read())
        earlier = Image.objects.filter(sha256=obj.sha256).exclude(pk=obj.pk).first()
        if earlier:
            messages.warning(
                request,
                f"The same picture is already in the library as {earlier.tag}. Use that one, unless this one "
                "needs different alt text or a different caption.",
            )

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request,
            format_html(
                "Uploaded. To show it in an article, put <code>{}</code> on a line of its own, with an empty "
                "line before and after it.",
                obj.tag,
            ),
        )
        return HttpResponseRedirect(reverse("admin:articles_image_change", args=[obj.pk]))

    # --- Shown in the list and on the image's page -----------------------------

    @admin.display(description="Picture")
    def thumbnail(self, obj):
        return images.thumbnail_html(obj, width=120, alt="")  # the alt text is in the next column

    @admin.display(description="Size")
    def size(self, obj):
        return f"{obj.width} × {obj.height} pixels"

    @admin.display(description="How to use it")
    def how_to_use(self, obj):
        return format_html(
            "Put <code class=\"image-tag\">{}</code> on a line of its own in an article's body. An image cannot be "
            "changed: for a different picture or different words, upload a new image and change the tag; "
            "the article then goes through review again.",
            obj.tag,
        )

    @admin.display(description="As readers see it")
    def as_readers_see_it(self, obj):
        return images.figure_html(obj)

    @admin.display(description="Renditions (made at upload)")
    def renditions_made(self, obj):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{} {} × {}, {} KB</li>",
                ((r.get_format_display(), r.width, r.height, max(1, round(r.bytes / 1024)))
                 for r in obj.renditions.all()),
            ),
        )  # fmt: skip

    @admin.display(description="Shown in")
    def articles_using_it(self, obj):
        articles = images.used_in(obj)
        if not articles:
            return "No article yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", '<li><a href="{}">{}</a></li>',
                ((reverse("admin:articles_article_change", args=[a.pk]), a.title) for a in articles),
            ),
        )  # fmt: skip
