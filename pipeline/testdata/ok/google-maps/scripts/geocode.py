import os

import googlemaps

print(googlemaps.Client(key=os.environ["GOOGLE_MAPS_API_KEY"]).geocode("Paris"))
