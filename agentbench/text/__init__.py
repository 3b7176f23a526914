"""Text normalisation below every part that compares text (tools, matchers, scoring): width and case
folding, punctuation, place names, languages."""
