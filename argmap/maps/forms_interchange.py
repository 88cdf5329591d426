"""The import form: a file or pasted text, its format (or "detect"), and an optional title."""

from __future__ import annotations

from typing import Any

from django import forms

from argmap import interchange

AUTO = "auto"


class ImportForm(forms.Form):
    file = forms.FileField(required=False, help_text="An .argdown, AIF/OVA .json, Kialo .txt or "
                           "argmap .json file.")  # fmt: skip
    text = forms.CharField(
        required=False,
        label="…or paste the text",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )
    format = forms.ChoiceField(
        choices=[(AUTO, "Detect from the file")]
        + [(f.name, f.label) for f in interchange.IMPORT_FORMATS],
        initial=AUTO,
    )
    title = forms.CharField(
        required=False, max_length=200, help_text="Leave empty to use the file's own title."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, pasted = data.get("file"), (data.get("text") or "").strip()
        if upload and pasted:
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if not upload and not pasted:
            raise forms.ValidationError("Upload a file or paste the text to import.")
        filename = ""
        if upload:
            limit = interchange.DEFAULT_LIMITS.max_bytes
            if upload.size is not None and upload.size > limit:
                raise forms.ValidationError(
                    f"The file is larger than {limit:,} bytes, the most one import may hold."
                )
            try:
                pasted = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("The file is not UTF-8 text.") from None
            filename = upload.name or ""
        chosen = data.get("format") or AUTO
        data["content"] = pasted
        data["format"] = interchange.detect(pasted, filename) if chosen == AUTO else chosen
        return data
