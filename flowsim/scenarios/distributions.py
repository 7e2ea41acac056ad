"""Duration and offset distributions, parameterised the way people know them.

A clinic manager says "check-in takes about 3 minutes, give or take half that", not
"lognormal with mu=0.98, sigma=0.47". Every distribution here is written with its mean
and spread (or min/mode/max, or a list of observed minutes); the conversion to the
textbook parameters lives in :mod:`flowsim.scenarios.samplers`, outside pydantic, so the
simulation's hot path never touches a model object.

In a scenario file a distribution is a mapping with a ``dist`` key::

    duration: {dist: lognormal, mean: 15, cv: 0.5}
    duration: 5            # shorthand for {dist: fixed, value: 5}
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator


class Frozen(BaseModel):
    """Base of every scenario model: immutable, unknown keys refused, numbers finite (no .nan or .inf)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Fixed(Frozen):
    dist: Literal["fixed"] = Field(description="Always the same number of minutes.")
    value: float = Field(description="The value in minutes.")


class Exponential(Frozen):
    dist: Literal["exponential"] = Field(description="Memoryless: many short, a few long.")
    mean: float = Field(gt=0, description="Mean in minutes.")


class Lognormal(Frozen):
    dist: Literal["lognormal"] = Field(description="Right-skewed, the usual shape of visit times.")
    mean: float = Field(gt=0, description="Mean in minutes.")
    sd: float | None = Field(default=None, gt=0, description="Standard deviation in minutes (give sd or cv).")
    cv: float | None = Field(default=None, gt=0, description="Coefficient of variation sd/mean (give sd or cv).")

    @model_validator(mode="after")
    def _one_spread(self) -> Lognormal:
        if (self.sd is None) == (self.cv is None):
            raise ValueError("give exactly one of sd or cv")
        return self


class Gamma(Frozen):
    dist: Literal["gamma"] = Field(description="Right-skewed, lighter tail than lognormal.")
    mean: float = Field(gt=0, description="Mean in minutes.")
    cv: float = Field(gt=0, description="Coefficient of variation sd/mean.")


class Normal(Frozen):
    dist: Literal["normal"] = Field(
        description="Bell curve; as a duration it is truncated at 0, as an offset (punctuality) it is not."
    )
    mean: float = Field(description="Mean in minutes (may be negative for an offset, e.g. arriving early).")
    sd: float = Field(gt=0, description="Standard deviation in minutes.")


class Triangular(Frozen):
    dist: Literal["triangular"] = Field(description="Quickest, most likely and longest time.")
    min: float = Field(description="Shortest time in minutes.")
    mode: float = Field(description="Most likely time in minutes.")
    max: float = Field(description="Longest time in minutes.")

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.min <= self.mode <= self.max and self.min < self.max):
            raise ValueError("need min <= mode <= max and min < max")
        return self


class Uniform(Frozen):
    dist: Literal["uniform"] = Field(description="Any time between min and max equally likely.")
    min: float = Field(description="Shortest time in minutes.")
    max: float = Field(description="Longest time in minutes.")

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.min < self.max:
            raise ValueError("need min < max")
        return self


class Empirical(Frozen):
    dist: Literal["empirical"] = Field(description="Resample a list of observed minutes (e.g. from a stopwatch sheet).")
    values: list[float] = Field(min_length=1, description="Observed minutes; each is drawn with equal probability.")


AnyDistribution = Fixed | Exponential | Lognormal | Gamma | Normal | Triangular | Uniform | Empirical


def _number_is_fixed(value: Any) -> Any:
    """Accept a bare number as shorthand for a fixed distribution."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"dist": "fixed", "value": value}
    return value


def _positive_duration(dist: AnyDistribution) -> AnyDistribution:
    """A duration must be positive: refuse zero or negative parameters."""
    if isinstance(dist, Fixed) and dist.value <= 0:
        raise ValueError(f"a duration must be more than 0 minutes, got {dist.value}")
    if isinstance(dist, (Triangular, Uniform)) and dist.min < 0:
        raise ValueError(f"a duration cannot be negative: min is {dist.min}")
    if isinstance(dist, Normal) and dist.mean <= 0:
        raise ValueError(f"a duration's mean must be more than 0 minutes, got {dist.mean}")
    if isinstance(dist, Empirical) and (min(dist.values) < 0 or max(dist.values) <= 0):
        raise ValueError("observed durations cannot be negative and not all zero")
    return dist


_Tagged = Annotated[AnyDistribution, Field(discriminator="dist")]

Duration = Annotated[_Tagged, BeforeValidator(_number_is_fixed), AfterValidator(_positive_duration)]
"""A distribution of positive minutes (a step, a turnover, documentation, patience)."""

Offset = Annotated[_Tagged, BeforeValidator(_number_is_fixed)]
"""A distribution of minutes that may be negative (punctuality: early is negative)."""
