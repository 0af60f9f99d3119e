"""Statistics as such: effect-size arithmetic (conversions, intervals) and the finding of
statistics in prose. Pure functions on the model; used by checking, the evidence layer,
the site and the authoring tools alike."""
