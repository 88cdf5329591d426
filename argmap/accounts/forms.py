"""The account forms: sign-up, the account page, an API key, and the password-reset request."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.template import loader

EMAIL_HELP = "Optional. Only to send you a link if you forget your password; never shown to others."


class SignUpForm(UserCreationForm[User]):
    email = forms.EmailField(required=False, max_length=254, help_text=EMAIL_HELP)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class AccountForm(forms.ModelForm[User]):
    email = forms.EmailField(required=False, max_length=254, help_text=EMAIL_HELP)

    class Meta:
        model = User
        fields = ("email",)


class TokenForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Valid for",
        choices=[
            ("", "until I revoke it"),
            ("30", "30 days"),
            ("90", "90 days"),
            ("365", "a year"),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )


logger = logging.getLogger(__name__)


def _send(message: EmailMultiAlternatives, user_id: int) -> None:
    try:
        message.send()
    except Exception:  # the person was told a mail may come; the operator reads why it did not
        logger.exception("Failed to send the password-reset mail of user %s", user_id)


class ResetRequestForm(PasswordResetForm):
    """Django's form, its answer the same whether or not the address has an account; the mail
    is handed to the mail server after the answer, so that the time taken tells nothing either
    (talking to an SMTP server takes long enough to measure)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].help_text = "The address saved in your account."

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        threading.Thread(
            target=_send, args=(message, context["user"].pk), name="password-reset-mail"
        ).start()
