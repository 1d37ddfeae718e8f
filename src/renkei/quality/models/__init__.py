"""Quality's tables. Each area keeps its own module; this file imports every one of them."""

from .documents import *  # noqa: F403
from .inspection import *  # noqa: F403
