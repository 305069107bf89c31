"""Western zodiac sign from a birthday (tropical dates)."""

from datetime import date

_SIGNS = [
    ((1, 20), "Capricorn"),
    ((2, 19), "Aquarius"),
    ((3, 21), "Pisces"),
    ((4, 20), "Aries"),
    ((5, 21), "Taurus"),
    ((6, 21), "Gemini"),
    ((7, 23), "Cancer"),
    ((8, 23), "Leo"),
    ((9, 23), "Virgo"),
    ((10, 23), "Libra"),
    ((11, 22), "Scorpio"),
    ((12, 22), "Sagittarius"),
]


def zodiac_sign(birthday: date) -> str:
    """Each entry gives the first day of the *next* sign; before it, the listed sign holds."""
    for (month, day), sign in _SIGNS:
        if (birthday.month, birthday.day) < (month, day):
            return sign
    return "Capricorn"
