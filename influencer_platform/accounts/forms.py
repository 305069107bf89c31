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
