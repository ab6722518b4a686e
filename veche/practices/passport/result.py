"""What a parser gives back: the passport, and in Russian what it could not recognise."""

from __future__ import annotations

from dataclasses import dataclass, field

from veche.practices.passport.schema import Passport


@dataclass
class ParseResult:
    passport: Passport = field(default_factory=Passport)
    recognised: list[int] = field(default_factory=list)  # section numbers found, in order
    problems: list[str] = field(default_factory=list)  # Russian, for people
    unplaced: list[str] = field(default_factory=list)  # text kept but not put in a section
    is_passport: bool = True

    @property
    def ok(self) -> bool:
        return self.is_passport and not self.problems

    def to_dict(self) -> dict:
        return {
            "passport": self.passport.to_dict(),
            "recognised": list(self.recognised),
            "problems": list(self.problems),
            "unplaced": list(self.unplaced),
            "is_passport": self.is_passport,
        }
