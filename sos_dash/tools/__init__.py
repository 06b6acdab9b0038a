"""Tools around the app: the benchmark, the load test, the local test server. The app never imports them."""
