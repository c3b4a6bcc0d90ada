"""Use cases: each public function is one thing a user or a trigger does."""
