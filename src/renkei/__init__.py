"""renkei (連携): the platform a regional collaboration of small manufacturers runs on."""

__version__ = "0.1.0"
