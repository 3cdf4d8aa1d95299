"""The package's version: one place, read by the build (``pyproject.toml``), the
package and every receipt, without importing the package."""

__version__ = "0.1.0"
