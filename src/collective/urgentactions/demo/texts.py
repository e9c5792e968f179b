"""The demo content's words: three fictional cases and an information page.

Every person, official, address and event here is invented. Dates are
computed from the day the profile is applied, so the open case is open and the
closed case is closed whenever a demo site is made. Emails use the reserved
example.org domain, so no letter ever reaches a real office.
"""

from babel.dates import format_date
from collective.urgentactions.formatting import babel_locale
from collective.urgentactions.writing.letter_templates import Letter
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta


OPEN_CASE_ID = "environmental-blogger-detained-for-filming-river-pollution"
CLOSED_CASE_ID = "nurses-union-leader-detained-after-peaceful-strike"
FOLLOW_UP_CASE_ID = "nurses-union-leader-on-trial-for-peaceful-strike"
BASICS_PAGE_ID = "human-rights-basics"

FICTION_NOTE = (
    "<p><em>This case is fictional. It is demo content of "
    "collective.urgentactions; the people, officials, addresses and events "
    "are invented.</em></p>"
)


@dataclass(frozen=True)
class Update:
    id: str
    date: date
    title: str
    text: str


@dataclass(frozen=True)
class Case:
    """An Urgent Action to create, with its updates and letters.

    ``serial`` is the preferred serial number of the UA number (the next free
    one is taken when another action has it); a follow-up (``follows``, the
    id of the original case) takes the original's number with a suffix."""

    id: str
    serial: int
    issue_date: date
    closing_date: date
    state: str
    subject: str
    fields: dict
    updates: tuple[Update, ...] = ()
    letters: tuple[Letter, ...] = ()
    follows: str | None = None
    related: tuple[str, ...] = field(default=(BASICS_PAGE_ID,))
    # How the case ended, and letters local groups sent on paper (counted
    # offline, as editors record them).
    outcome: str | None = None
    offline_letters: int = 0


def long_date(day, language="en"):
    """``28 April 2020``, ``28. April 2020``, ``28 avril 2020``."""
    return format_date(day, format="long", locale=babel_locale(language))


def open_case(today):
    """A blogger in pre-trial detention: open, with updates and letters in
    English, German and French."""
    issued = today - timedelta(days=10)
    arrested = issued - timedelta(days=5)
    appeal = issued + timedelta(days=3)
    press = issued + timedelta(days=8)
    handle = "@GenProsecutorKG"
    hashtag = "#FreeAizada"
    return Case(
        id=OPEN_CASE_ID,
        serial=123,
        issue_date=issued,
        closing_date=today + timedelta(days=60),
        state="published",
        subject="Aizada Temirbekova",
        fields={
            "title": "Environmental blogger detained for filming river pollution",
            "description": (
                "Aizada Temirbekova, an environmental blogger, has been held in "
                f"pre-trial detention since {long_date(arrested)} for publishing "
                "videos that show waste water from a gold mine flowing into a "
                "river that several villages use for drinking water. She is "
                'charged with "disseminating false information" and faces up to '
                "five years in prison. She is a prisoner of conscience, held "
                "solely for peacefully exercising her right to freedom of "
                "expression. Call for her immediate and unconditional release."
            ),
            "ai_index": f"EUR 58/4127/{issued.year}",
            "country": "KG",
            "themes": [
                "freedom-of-expression",
                "human-rights-defenders",
                "prisoners-of-conscience",
            ],
            "text": (
                "<h3>What happened</h3>"
                f"<p>On {long_date(arrested)}, police officers searched the home "
                "of Aizada Temirbekova, 29, in a village in the north of the "
                "country and took her to the regional police station. They "
                "confiscated her phone, her laptop and the camera she uses for "
                "her video channel, which has some 40,000 subscribers. The next "
                "day a district court ordered her to be held in pre-trial "
                "detention for two months.</p>"
                "<p>In the weeks before her arrest, Aizada Temirbekova had "
                "published three short videos in which she filmed grey, foaming "
                "water running from the tailings pond of a nearby gold mine into "
                "the river, and interviewed farmers whose sheep had fallen ill "
                "after drinking from it. The regional administration said the "
                "videos were staged and that water samples met all standards. It "
                "has not published the samples.</p>"
                "<p>Her lawyer has been allowed to see her only once, for twenty "
                "minutes and in the presence of a guard. Her family says she has "
                "a chronic kidney condition and has not received the medication "
                "she needs in the detention centre.</p>"
                "<h3>The legal situation</h3>"
                "<p>Aizada Temirbekova is charged under an article of the "
                'Criminal Code on "knowingly disseminating false information '
                'that threatens public order", which carries up to five years in '
                "prison. The article is so vague that it can be used against "
                "anyone who publishes information the authorities dislike. Under "
                "international human rights law, freedom of expression may only "
                "be restricted by a clearly worded law and where this is "
                "necessary and proportionate; reporting on a possible danger to "
                "public health is no ground for a restriction at all.</p>"
                "<p>Pre-trial detention must be the exception. The court gave no "
                "individual reasons why she could not await trial at liberty, "
                "although she has a fixed address and no previous convictions "
                "and has said she will attend every hearing.</p>"
            ),
            "background": (
                "<p>Environmental activists and independent journalists have "
                "come under growing pressure in recent years. Several bloggers "
                "who reported on mining, land deals or corruption have been "
                'summoned by the police for "preventive talks", fined, or '
                "prosecuted under the article on false information.</p>"
                "<p>Mining brings in much of the country's export income. "
                "Communities near the mines have protested repeatedly against "
                "dust, contaminated water and the loss of grazing land, and say "
                "they are not heard when licences are granted or extended.</p>"
                "<p>The country is a party to the International Covenant on "
                "Civil and Political Rights, which protects the rights to "
                "liberty (Article 9), to a fair trial (Article 14) and to freedom "
                "of expression (Article 19).</p>" + FICTION_NOTE
            ),
            "addressees": [
                {
                    "name": "Prosecutor General Kanat Esenaliev",
                    "salutation": "Dear Prosecutor General",
                    "address": (
                        "Office of the Prosecutor General\n"
                        "Erkindik Boulevard 12\n"
                        "720040 Bishkek\n"
                        "Kyrgyzstan"
                    ),
                    "email": "prosecutor.general@example.org",
                    "fax": "+996 312 555 010",
                },
                {
                    "name": "Ombudsperson Gulnara Abdieva",
                    "salutation": "Dear Ombudsperson",
                    "address": (
                        "Office of the Ombudsperson\n"
                        "Toktogul Street 48\n"
                        "720001 Bishkek\n"
                        "Kyrgyzstan"
                    ),
                    "email": "ombudsperson@example.org",
                    "fax": "+996 312 555 020",
                },
            ],
            "copies_to": [
                {
                    "name": "Embassy of the Kyrgyz Republic",
                    "salutation": "Your Excellency",
                    "address": "Musterstraße 12\n10117 Berlin\nGermany",
                    "email": "embassy.kg@example.org",
                    "fax": "+49 30 5550 1234",
                },
            ],
            "suggested_posts": [
                f"{handle} Reporting on polluted drinking water is not a crime. "
                f"Release environmental blogger Aizada Temirbekova now! {hashtag}",
                "Aizada Temirbekova filmed mine waste flowing into a river that "
                "villages drink from. Now she faces five years in prison. "
                f"{handle}, drop the charges! {hashtag}",
            ],
        },
        updates=(
            Update(
                id="latest-news",
                date=appeal,
                title="Latest news",
                text=(
                    f"<p>On {long_date(appeal)}, the regional court rejected the "
                    "appeal against Aizada Temirbekova's pre-trial detention. "
                    "Her family was not allowed into the courtroom. Aizada told "
                    "her lawyer that she shares a cell with six other women and "
                    "still has not received her kidney medication.</p>"
                    "<p>Her family and friends have started a petition to the "
                    'Prosecutor General. <a href="https://example.org/free-aizada">'
                    "CLICK HERE</a> to sign it and share it with your friends.</p>"
                    "<p>Suggested posts for social media:</p>"
                    "<ul>"
                    f"<li>{handle} Aizada Temirbekova needs medical care, not a "
                    f"prison cell. Release her now! {hashtag}</li>"
                    "<li>Her videos asked a simple question: is the water safe? "
                    f"{handle}, answer it instead of jailing her. {hashtag}</li>"
                    "</ul>"
                ),
            ),
            Update(
                id="media-reaction",
                date=press,
                title="Media reaction",
                text=(
                    "<p>Aizada Temirbekova's case has reached the national and "
                    "the international press. Two independent news sites have "
                    "published the results of water samples that a university "
                    "laboratory took from the river: they show arsenic levels far "
                    "above the limit for drinking water. Several members of "
                    "parliament have asked the Prosecutor General to explain the "
                    "charges.</p>"
                    "<p>The state news agency, however, called her a paid "
                    "provocateur. Please keep writing: your letters show the "
                    "authorities that the world is watching.</p>"
                ),
            ),
        ),
        letters=(
            Letter(
                language="en",
                salutation="Dear Prosecutor General,",
                paragraphs=(
                    "I am writing to express my deep concern about Aizada "
                    "Temirbekova, an environmental blogger who has been held in "
                    f"pre-trial detention since {long_date(arrested)}. She is "
                    'charged with "disseminating false information" for '
                    "publishing videos about waste water from a gold mine "
                    "flowing into a river that villages use for drinking water.",
                    "Reporting on a possible danger to people's health is not a "
                    "crime. Aizada Temirbekova has only exercised her right to "
                    "freedom of expression, which is protected by the "
                    "International Covenant on Civil and Political Rights.",
                    "I urge you to release Aizada Temirbekova immediately and "
                    "unconditionally and to drop all charges against her. Until "
                    "her release, please ensure that she receives the medical "
                    "care she needs and can see her lawyer and her family "
                    "regularly.",
                ),
                closing="Yours sincerely,",
                copy_to="Copy to: Embassy of the Kyrgyz Republic, Berlin",
            ),
            Letter(
                language="de",
                salutation="Sehr geehrter Herr Generalstaatsanwalt,",
                paragraphs=(
                    "mit großer Sorge habe ich erfahren, dass die Umweltbloggerin "
                    "Aizada Temirbekova seit dem "
                    f"{long_date(arrested, 'de')} in Untersuchungshaft sitzt. Ihr "
                    "wird die „Verbreitung falscher Informationen“ vorgeworfen, "
                    "weil sie Videos veröffentlicht hat, die zeigen, wie Abwasser "
                    "aus einer Goldmine in einen Fluss läuft, aus dem mehrere "
                    "Dörfer ihr Trinkwasser beziehen.",
                    "Über eine mögliche Gefahr für die Gesundheit der Bevölkerung "
                    "zu berichten, ist kein Verbrechen. Aizada Temirbekova hat "
                    "lediglich ihr Recht auf freie Meinungsäußerung "
                    "wahrgenommen, das der Internationale Pakt über bürgerliche "
                    "und politische Rechte schützt.",
                    "Ich fordere Sie auf, Aizada Temirbekova umgehend und "
                    "bedingungslos freizulassen und alle Anklagen gegen sie "
                    "fallen zu lassen. Bitte sorgen Sie dafür, dass sie bis zu "
                    "ihrer Freilassung die medizinische Versorgung erhält, die "
                    "sie braucht, und regelmäßig ihren Anwalt und ihre Familie "
                    "sehen kann.",
                ),
                closing="Mit freundlichen Grüßen",
                copy_to="Kopie an: Botschaft der Kirgisischen Republik, Berlin",
            ),
            Letter(
                language="fr",
                salutation="Monsieur le Procureur général,",
                paragraphs=(
                    "Je vous écris pour vous faire part de ma profonde "
                    "inquiétude au sujet d'Aizada Temirbekova, blogueuse "
                    "écologiste placée en détention provisoire depuis le "
                    f"{long_date(arrested, 'fr')}. Elle est accusée de « diffusion "
                    "de fausses informations » pour avoir publié des vidéos "
                    "montrant les eaux usées d'une mine d'or qui se déversent "
                    "dans une rivière où plusieurs villages puisent leur eau "
                    "potable.",
                    "Informer sur un danger possible pour la santé de la "
                    "population n'est pas un crime. Aizada Temirbekova n'a fait "
                    "qu'exercer son droit à la liberté d'expression, garanti par "
                    "le Pacte international relatif aux droits civils et "
                    "politiques.",
                    "Je vous demande de libérer Aizada Temirbekova immédiatement "
                    "et sans condition et d'abandonner toutes les charges "
                    "retenues contre elle. D'ici à sa libération, veillez à ce "
                    "qu'elle reçoive les soins médicaux dont elle a besoin et "
                    "puisse voir régulièrement son avocat et sa famille.",
                ),
                closing=(
                    "Je vous prie d'agréer, Monsieur le Procureur général, "
                    "l'expression de ma haute considération."
                ),
                copy_to="Copie : Ambassade de la République kirghize, Berlin",
            ),
        ),
    )


ZW_EMBASSY = {
    "name": "Embassy of the Republic of Zimbabwe",
    "salutation": "Your Excellency",
    "address": "Musterallee 7\n10117 Berlin\nGermany",
    "email": "embassy.zw@example.org",
    "fax": "+49 30 5550 5678",
}


def closed_case(today):
    """A union leader detained after a strike, more than a year ago: closed."""
    issued = today - timedelta(days=400)
    arrested = issued - timedelta(days=4)
    bail = issued + timedelta(days=30)
    return Case(
        id=CLOSED_CASE_ID,
        serial=71,
        issue_date=issued,
        closing_date=issued + timedelta(days=42),
        state="closed",
        subject="Rutendo Chikwanha",
        outcome="released",
        offline_letters=8,
        fields={
            "title": "Nurses' union leader detained after peaceful strike",
            "description": (
                "Rutendo Chikwanha, general secretary of a nurses' union, was "
                f"arrested on {long_date(arrested)}, after nurses at three public "
                "hospitals stopped work for one day to demand safe staffing and "
                "the payment of overdue salaries. She is held on a charge of "
                '"inciting public violence", although the strike was entirely '
                "peaceful. Call on the Minister of Justice to release her and "
                "drop the charge."
            ),
            "ai_index": f"AFR 46/2311/{issued.year}",
            "country": "ZW",
            "themes": ["human-rights-defenders", "health"],
            "text": (
                "<h3>What happened</h3>"
                f"<p>On {long_date(arrested)}, four plain-clothes police officers "
                "arrested Rutendo Chikwanha, 41, outside the union's office in "
                "the capital. The day before, some 600 nurses at three public "
                "hospitals had stopped work for one day, after the union had "
                "given the legally required notice. Emergency wards stayed "
                "staffed throughout.</p>"
                "<p>Rutendo Chikwanha was held for 52 hours before she was "
                "brought before a magistrate, longer than the law allows. She "
                "told her lawyer that officers questioned her through the night "
                "about the union's members and its funding.</p>"
                "<h3>The legal situation</h3>"
                '<p>She is charged with "inciting public violence". The '
                "prosecution has not named a single violent act. Taking part in "
                "and organising a peaceful strike is protected by the rights to "
                "freedom of association and of peaceful assembly.</p>"
            ),
            "background": (
                "<p>Nurses in public hospitals have waited for their salaries "
                "for up to three months at a time. Wards are often run by one "
                "nurse for forty patients. The union has raised these problems "
                "with the health ministry for years without an answer.</p>"
                "<p>Union leaders who speak out have been arrested before, and "
                f"most were released after a few days without charge.</p>{FICTION_NOTE}"
            ),
            "addressees": [
                {
                    "name": "Minister of Justice Tafadzwa Mhere",
                    "salutation": "Dear Minister",
                    "address": (
                        "Ministry of Justice\nIndependence Avenue 90\nHarare\nZimbabwe"
                    ),
                    "email": "minister.justice@example.org",
                    "fax": "+263 24 555 0101",
                },
                {
                    "name": "Commissioner-General of Police Farai Dube",
                    "salutation": "Dear Commissioner-General",
                    "address": (
                        "Police General Headquarters\n"
                        "Josiah Tongogara Avenue 3\n"
                        "Harare\n"
                        "Zimbabwe"
                    ),
                    "email": "police.commissioner@example.org",
                    "fax": "+263 24 555 0202",
                },
            ],
            "copies_to": [ZW_EMBASSY],
            "suggested_posts": [
                "@JusticeMinistryZW Striking for safe hospitals is not a crime. "
                "Release nurses' union leader Rutendo Chikwanha! #FreeRutendo",
            ],
        },
        updates=(
            Update(
                id="released-on-bail",
                date=bail,
                title="Released on bail",
                text=(
                    f"<p>Rutendo Chikwanha was released on bail on "
                    f"{long_date(bail)}. She must report to the police twice a "
                    "week. The charge has not been dropped. Thank you to "
                    "everyone who wrote.</p>"
                ),
            ),
        ),
        letters=(
            Letter(
                language="en",
                salutation="Dear Minister,",
                paragraphs=(
                    "I am concerned about Rutendo Chikwanha, general secretary "
                    f"of a nurses' union, who was arrested on {long_date(arrested)} "
                    "after a peaceful one-day strike of nurses at three public "
                    "hospitals.",
                    "Organising a peaceful strike is protected by the rights to "
                    "freedom of association and of peaceful assembly. I urge you "
                    "to release Rutendo Chikwanha immediately and to drop the "
                    'charge of "inciting public violence" against her.',
                ),
                closing="Yours sincerely,",
                copy_to="Copy to: Embassy of the Republic of Zimbabwe, Berlin",
            ),
        ),
    )


def follow_up_case(today):
    """The trial of the union leader: a published follow-up of the closed
    case."""
    issued = today - timedelta(days=5)
    trial = issued - timedelta(days=3)
    next_hearing = today + timedelta(days=21)
    return Case(
        id=FOLLOW_UP_CASE_ID,
        serial=71,
        issue_date=issued,
        closing_date=today + timedelta(days=40),
        state="published",
        subject="Rutendo Chikwanha",
        follows=CLOSED_CASE_ID,
        related=(CLOSED_CASE_ID, BASICS_PAGE_ID),
        fields={
            "title": "Nurses' union leader on trial for peaceful strike",
            "description": (
                "The trial of Rutendo Chikwanha, general secretary of a nurses' "
                f"union, opened on {long_date(trial)}. She is accused of "
                '"inciting public violence" for organising a peaceful one-day '
                "strike and faces up to ten years in prison. Call on the "
                "Prosecutor General to drop the charge."
            ),
            "ai_index": f"AFR 46/3480/{issued.year}",
            "country": "ZW",
            "themes": ["human-rights-defenders", "unfair-trial", "health"],
            "text": (
                "<h3>What happened</h3>"
                "<p>Rutendo Chikwanha has been free on bail since last year, "
                "but the charge against her was never dropped. Her trial opened "
                f"on {long_date(trial)} before a regional magistrates' court. "
                "The prosecution called two police officers as witnesses; "
                "neither of them had been at any of the hospitals during the "
                "strike.</p>"
                "<p>The magistrate refused to hear the hospital managers whom "
                "the defence had called to confirm that emergency wards were "
                "fully staffed. The trial continues on "
                f"{long_date(next_hearing)}.</p>"
                "<h3>The legal situation</h3>"
                '<p>"Inciting public violence" carries up to ten years in '
                "prison. The charge rests only on her role in organising a "
                "lawful strike, which the rights to freedom of association and "
                "of peaceful assembly protect. Refusing to hear defence "
                "witnesses violates the right to a fair trial.</p>"
            ),
            "background": (
                "<p>Nurses' pay has not improved since the strike. Two more "
                "members of the union's executive committee have since been "
                "summoned for questioning about the union's funding.</p>"
                f"{FICTION_NOTE}"
            ),
            "addressees": [
                {
                    "name": "Prosecutor General Nyasha Mandaza",
                    "salutation": "Dear Prosecutor General",
                    "address": (
                        "National Prosecuting Authority\n"
                        "Samora Machel Avenue 41\n"
                        "Harare\n"
                        "Zimbabwe"
                    ),
                    "email": "prosecutor.general.zw@example.org",
                    "fax": "+263 24 555 0303",
                },
            ],
            "copies_to": [ZW_EMBASSY],
            "suggested_posts": [
                "@NPAProsecutorZW Drop the charge against nurses' union leader "
                "Rutendo Chikwanha. A peaceful strike is not violence. "
                "#FreeRutendo",
            ],
        },
        letters=(
            Letter(
                language="en",
                salutation="Dear Prosecutor General,",
                paragraphs=(
                    "I am writing about the trial of Rutendo Chikwanha, general "
                    "secretary of a nurses' union, which opened on "
                    f"{long_date(trial)}. She is accused of inciting public "
                    "violence for organising a peaceful one-day strike.",
                    "I urge you to drop the charge against her. A peaceful, "
                    "lawfully announced strike is protected by the rights to "
                    "freedom of association and of peaceful assembly. As long as "
                    "the trial continues, the court must hear the witnesses of "
                    "the defence.",
                ),
                closing="Yours sincerely,",
                copy_to="Copy to: Embassy of the Republic of Zimbabwe, Berlin",
            ),
        ),
    )


def demo_cases(today):
    """The cases in the order they are created: an original before its
    follow-up."""
    return (closed_case(today), open_case(today), follow_up_case(today))


BASICS_PAGE = {
    "title": "Human rights: the basics",
    "description": (
        "What human rights are, where they are written down, and how states "
        "are held to them."
    ),
    "text": (
        "<h2>What are human rights?</h2>"
        "<p>Human rights are the rights every person has, simply because they "
        "are human: regardless of nationality, sex, origin, religion, language "
        "or any other status. They protect our lives, our freedom and our "
        "dignity. They cannot be bought or earned, and a state may not take "
        "them away; some of them, such as the right not to be tortured, may "
        "not be restricted under any circumstances.</p>"
        "<h2>The Universal Declaration of Human Rights</h2>"
        "<p>The General Assembly of the United Nations adopted the Universal "
        "Declaration of Human Rights on 10 December 1948. Its thirty articles "
        "name civil and political rights, such as the right to a fair trial "
        "and freedom of expression, as well as economic, social and cultural "
        "rights, such as the rights to health, education and fair working "
        "conditions. The Declaration is not a treaty, but it is the basis of "
        "all the treaties that followed.</p>"
        "<h2>The international treaties</h2>"
        "<p>States that ratify a human rights treaty are bound by it in "
        "international law. The most important treaties of the United Nations "
        "are:</p>"
        "<ul>"
        "<li>the International Covenant on Civil and Political Rights and the "
        "International Covenant on Economic, Social and Cultural Rights "
        "(both 1966),</li>"
        "<li>the International Convention on the Elimination of All Forms of "
        "Racial Discrimination (1965),</li>"
        "<li>the Convention on the Elimination of All Forms of Discrimination "
        "against Women (1979),</li>"
        "<li>the Convention against Torture (1984),</li>"
        "<li>the Convention on the Rights of the Child (1989),</li>"
        "<li>the Convention on the Rights of Persons with Disabilities "
        "(2006),</li>"
        "<li>the International Convention for the Protection of All Persons "
        "from Enforced Disappearance (2006).</li>"
        "</ul>"
        "<p>Regional treaties add their own courts and commissions, among them "
        "the European Convention on Human Rights (1950), the American "
        "Convention on Human Rights (1969) and the African Charter on Human "
        "and Peoples' Rights (1981).</p>"
        "<h2>How states are held to their obligations</h2>"
        "<p>Each UN treaty has a committee of independent experts that "
        "examines the reports states must submit and, where a state has "
        "accepted it, individual complaints. In the Universal Periodic Review "
        "all UN member states examine each other's human rights record, and "
        "special rapporteurs investigate countries and themes. Regional courts "
        "can give judgments that bind the states that accepted them.</p>"
        "<h2>What Urgent Actions do</h2>"
        "<p>When a person is in immediate danger, for example of torture, an "
        "unfair trial or execution, an Urgent Action asks members to write to "
        "the authorities within days. The letters remind officials of the "
        "obligations their state has accepted, and they show that the world "
        "is watching.</p>"
    ),
}
