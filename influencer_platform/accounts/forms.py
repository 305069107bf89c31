"""Page forms for accounts: parsing only; the services decide who may do what."""

from django import forms

from influencer_platform.accounts.models import TokenScope


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses it, for example “Scheduler”.")
    user = forms.ModelChoiceField(
        queryset=None, help_text="The token acts as this user, with this user's access.", empty_label=None
    )

    scopes = forms.MultipleChoiceField(
        choices=TokenScope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Scheduling tools only: what the token may do. People's tokens act with their role.",
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.get_username()} · {u.get_role_display()}"


class BrandInvitationForm(forms.Form):
    email = forms.EmailField(max_length=254)
    name = forms.CharField(max_length=200, required=False)


class InvitationAcceptForm(forms.Form):
    username = forms.RegexField(
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        help_text="Letters, digits and @ . + - _ only.",
        error_messages={"invalid": "Use letters, digits and @ . + - _ only."},
    )
    password = forms.CharField(widget=forms.PasswordInput, max_length=128, strip=False)
    password_again = forms.CharField(
        widget=forms.PasswordInput, max_length=128, strip=False, label="Password (again)"
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return cleaned
