"""The form of an OCOP product: its scores give its stars (rules.py), its
certificate date proposes the expiry."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.models import OcopGroup, OcopProduct
from cooperatives.ocop import rules
from htxplan.uploads.fields import DecimalCommaField, MultipleFileField, MultipleFileInput

PRODUCT_FIELDS = (
    "name",
    "group",
    "score_a",
    "score_b",
    "score_c",
    "stars",
    "certificate_number",
    "certified_on",
    "expires_on",
    "level",
    "note",
)
SCORES = {"score_a": "a", "score_b": "b", "score_c": "c"}


class OcopProductForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    files = MultipleFileField(
        label=_("Tệp minh chứng (giấy chứng nhận, phiếu chấm điểm)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("Ảnh (JPEG, PNG, WebP, GIF) hoặc PDF; kiểm tra theo nội dung tệp."),
    )

    class Meta:
        model = OcopProduct
        fields = list(PRODUCT_FIELDS)
        field_classes = {name: DecimalCommaField for name in SCORES}
        widgets = {
            "certified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stars": forms.NumberInput(attrs={"min": 1, "max": 5, "inputmode": "numeric"}),
            "note": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.TextInput(attrs={"inputmode": "decimal"}) for name in SCORES},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = OcopGroup.objects.all()
        self.fields["group"].empty_label = _("— Chọn nhóm sản phẩm —")
        self.fields["group"].error_messages["required"] = _("Hãy chọn nhóm sản phẩm.")
        self.fields["name"].error_messages["required"] = _("Hãy nhập tên sản phẩm.")
        self.fields["stars"].required = False
        self.fields["stars"].help_text = _("Nhập đủ điểm ba phần thì số sao được tính từ tổng điểm.")
        self.fields["level"].help_text = _("Để trống: cấp tỉnh cho 3–4 sao, cấp trung ương cho 5 sao.")
        self.fields["expires_on"].help_text = _("Để trống: 36 tháng kể từ ngày cấp.")
        for name, part in SCORES.items():
            self.fields[name].help_text = _("Tối đa %(max)s điểm.") % {"max": rules.PART_MAXIMA[part]}
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def _clean_score(self, name: str) -> Decimal | None:
        value = self.cleaned_data.get(name)
        top = rules.PART_MAXIMA[SCORES[name]]
        if value is not None and not 0 <= value <= top:
            raise forms.ValidationError(_("Điểm phần này phải từ 0 đến %(max)s.") % {"max": top})
        return value

    def clean_score_a(self):
        return self._clean_score("score_a")

    def clean_score_b(self):
        return self._clean_score("score_b")

    def clean_score_c(self):
        return self._clean_score("score_c")

    def clean(self):
        cleaned = super().clean()
        if any(self.has_error(name) for name in SCORES):
            return cleaned
        self._stars(cleaned)
        if self.has_error("stars"):
            return cleaned
        self._certificate(cleaned)
        return cleaned

    def _stars(self, cleaned: dict) -> None:
        scores = [cleaned.get(name) for name in SCORES]
        given = [score for score in scores if score is not None]
        if given and len(given) < len(scores):
            self.add_error("score_a", _("Hãy nhập đủ điểm ba phần A, B, C, hoặc để trống cả ba và nhập số sao."))
        elif given:
            cleaned["stars"] = rules.stars_for(sum(given))
        elif cleaned.get("stars") is None:
            self.add_error("stars", _("Hãy nhập điểm ba phần hoặc số sao (1 đến 5)."))
        elif not 1 <= cleaned["stars"] <= 5:
            self.add_error("stars", _("Số sao phải từ 1 đến 5."))

    def _certificate(self, cleaned: dict) -> None:
        stars, certified = cleaned.get("stars"), cleaned.get("certified_on")
        if stars not in rules.CERTIFIED_STARS:
            if certified or cleaned.get("certificate_number") or cleaned.get("expires_on"):
                self.add_error(
                    "certificate_number", _("Chỉ sản phẩm đạt từ 3 sao trở lên được cấp giấy chứng nhận OCOP.")
                )
            cleaned["level"] = ""
            return
        expected = rules.certifying_level(stars)
        if not cleaned.get("level"):
            cleaned["level"] = expected
        elif cleaned["level"] != expected:
            self.add_error(
                "level",
                _("Sản phẩm %(stars)s sao do %(level)s công nhận.")
                % {"stars": stars, "level": OcopProduct.Level(expected).label.lower()},
            )
        expires = cleaned.get("expires_on")
        if certified and not expires:
            cleaned["expires_on"] = rules.proposed_expiry(certified)
        elif expires and not certified:
            self.add_error("certified_on", _("Có ngày hết hạn thì hãy ghi ngày cấp giấy chứng nhận."))
        elif expires and certified and expires <= certified:
            self.add_error("expires_on", _("Ngày hết hạn phải sau ngày cấp giấy chứng nhận."))
