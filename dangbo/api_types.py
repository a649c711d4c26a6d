"""Types shared by every API schema: the one error shape, bounded ids, dates and text.

Bounds live in the schema (and so in the OpenAPI document) rather than in each endpoint, so that an id
too large for a database column, a date outside any rule table or a NUL byte PostgreSQL cannot store is
refused as invalid input (422) before any query runs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

MAX_ID = 2**63 - 1
MAX_OFFSET = 2**31 - 1
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
# No NUL: PostgreSQL text cannot hold it.
NO_NUL = r"^[^\x00]*$"


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_only(value: Any) -> Any:
    # Pydantic would also read numbers as Unix timestamps ("0" is 1970-01-01); the API speaks ISO 8601 only.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    raise ValueError("a date is written YYYY-MM-DD (ISO 8601)")


def _date_in_range(value: dt.date) -> dt.date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"date must lie between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}")
    return value


def _encodable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text must be valid Unicode (no lone surrogate)") from exc
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
ApiDate = Annotated[dt.date, BeforeValidator(_iso_only), AfterValidator(_date_in_range)]
Limit = Annotated[int, Field(ge=1, le=1000)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1)]


# Strings of at most N characters (the model column's size), without NUL bytes or lone surrogates.
_Valid = AfterValidator(_encodable)
Text12 = Annotated[str, StringConstraints(max_length=12, pattern=NO_NUL), _Valid]
Text20 = Annotated[str, StringConstraints(max_length=20, pattern=NO_NUL), _Valid]
Text40 = Annotated[str, StringConstraints(max_length=40, pattern=NO_NUL), _Valid]
Text60 = Annotated[str, StringConstraints(max_length=60, pattern=NO_NUL), _Valid]
Text64 = Annotated[str, StringConstraints(max_length=64, pattern=NO_NUL), _Valid]
Text80 = Annotated[str, StringConstraints(max_length=80, pattern=NO_NUL), _Valid]
Text100 = Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL), _Valid]
Text150 = Annotated[str, StringConstraints(max_length=150, pattern=NO_NUL), _Valid]
Text200 = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL), _Valid]
Text254 = Annotated[str, StringConstraints(max_length=254, pattern=NO_NUL), _Valid]
Text255 = Annotated[str, StringConstraints(max_length=255, pattern=NO_NUL), _Valid]
Text500 = Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL), _Valid]
Text2000 = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL), _Valid]
# Required text: at least one character.
Name40 = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=NO_NUL), _Valid]
Name60 = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=NO_NUL), _Valid]
Name255 = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=NO_NUL), _Valid]


class ErrorBody(Schema):
    code: str = Field(description="not_found, stale, invalid, unauthorized or a domain code (has_members, cycle ...)")
    message: str
    field: str | None = None
    row: int | None = None
    details: Any = None


class BodyIn(Schema):
    """An input whose fields all have defaults: read only from a JSON object. (django-ninja's ``Schema`` reads any
    object's attributes, so ``true`` or ``[]`` would otherwise pass as an input with every field defaulted.)"""

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, values: Any, handler: Any) -> Any:
        if not isinstance(values, Mapping | BaseModel):
            raise PydanticCustomError("model_type", "Input should be an object")
        return handler(values)


class ErrorOut(Schema):
    """Every error answers this shape; a forbidden record answers 404 like a missing one."""

    error: ErrorBody


READ_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 409: ErrorOut}


def responses(ok: Any, *, status: int = 200, write: bool = False) -> dict[int, Any]:
    return {status: ok, **(WRITE_ERRORS if write else READ_ERRORS)}
