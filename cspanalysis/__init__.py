"""cspanalysis: reproducible Community Safety Partnership reviews.

The package reads and validates the partnership's data (``cspanalysis.sources``),
computes the measures (``cspanalysis.metrics``), draws the charts
(``cspanalysis.plots``) and runs and publishes the parameterised notebooks
(``cspanalysis.run``).  ``cspanalysis.demo`` builds the synthetic demo world and
is imported by nothing else in the package.
"""

__version__ = "0.1.0"
