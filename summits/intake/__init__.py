"""Report intake in the browser: from a pasted or uploaded report to a reviewed import."""
