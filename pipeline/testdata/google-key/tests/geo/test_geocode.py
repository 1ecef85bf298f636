import googlemaps


def test_geocode():
    gmaps = googlemaps.Client(key="x")
    assert gmaps.geocode("Paris")
