"""Run configuration of the intelligence assets."""

import dagster as dg
from pydantic import Field

DEFAULT_SEED = 20261205


class ModelConfig(dg.Config):
    """Settings every trained model of a run shares."""

    seed: int = Field(
        default=DEFAULT_SEED,
        description=(
            "Random seed of training and bootstrap intervals. The same data and seed give the "
            "same model version and the same scores."
        ),
    )
