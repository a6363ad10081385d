"""What a customer's reply asks for: opt-out ("STOP", "please remove me from your list"), opt-in
("START"), something a human should read ("how do I unsubscribe?"), or nothing, in English, French,
German, Spanish, Italian, Portuguese and Dutch; and whether the mail is machine-sent at all (RFC 3834
auto-replies, RFC 3464 delivery reports, RFC 5965 abuse reports, list mail). Pure: bytes or an `Inbound`
in, a `Classification` out. Only the customer's own words count (`own_text`: quoted history, forwarded
mail and signatures removed), and only the first 4 KiB of the text is examined; every regex is
linear-time (see `phrases`). When in doubt the answer is "unclear", never a guess."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from mailgate import phrases as ph
from mailgate.commands import strip_reply_prefixes
from mailgate.message import Inbound, parse_message

MAX_SCAN_CHARS = 4096  # of Inbound.text; own_text is never longer
MAX_SUBJECT_CHARS = 256
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc`\u00b4"), "'")
# German's sharp s folded as its own spelling rules fold it ("Grüße" -> "grusse", "gemäß" -> "gemass")
_SHARP_S = {ord("ß"): "ss", ord("ẞ"): "ss"}
_FOLD = {**_INVISIBLE, **_APOSTROPHES, **_SHARP_S}
_COMBINING = dict.fromkeys(
    c for c in range(0x10000) if unicodedata.combining(chr(c))
)  # diacritics, in the BMP
_EDGE_PUNCTUATION = " \t*\"'()[]<>-–—:;,.!¡¿~_"
# Sentences end at . ! ? but not at an ellipsis the sentence runs on from ("Baja... la temperatura")
# unless a capital follows, nor after a dotted abbreviation ("a.u.b.", "z.B.", "s.v.p.").
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\.\.\.)(?<![a-zA-Z]\.[a-zA-Z]\.)\s+|(?<=\.\.\.)\s+(?![a-z])"
    r"|(?<=[\U0001F000-\U0001FAFF])\s+"  # an emoji ends a sentence as a full stop does ("voor me 😅 zou je")
    # a full stop dictated ("... page 46 full stop can you email me"), not "put a full stop to these emails"
    r"|(?<!\sa)\s+(?i:full\sstop)(?:\s+|$)"
)
# "Art. 21 Abs. 2 DSGVO", "n. 12", "Nr. 4": the period of an abbreviation before a number ends no sentence.
_NUMBERED = re.compile(r"(?i)\b(art|abs|nr|no|n|ziff|lit|par|ch|cap|sec|ref)\.\s(?=\d)")
_POLITENESS = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, ph.POLITENESS)) + r")(?=$|\s|[,;.!])")
_GREETING = re.compile(r"^(?:" + "|".join(map(re.escape, ph.GREETINGS)) + r"),?\s")
_CLAUSE_BREAK = re.compile(
    r"[,;:]|\s[-–—]\s|\bbut\b|\bmais\b|\baber\b|\bpero\b|\bma\b|\bmas\b|\bmaar\b"
    # "and" before a new subject: "I do not understand them and I do not want them"
    r"|\s(?:and|et|und|y|e|en)\s(?=(?:i|we|je|j'|ich|wir|yo|io|eu|ik|wij)\s)"
)
_WORD = re.compile(r"[a-z']+")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,;.!])")  # "nee hoor, hoeft niet meer" without "hoor": "nee, ..."
# Any out-of-office Subject phrase: one search rules them all out (the list is searched only on a hit).
_OUT_OF_OFFICE = re.compile("|".join(rf"\b{re.escape(p)}\b" for p in ph.OUT_OF_OFFICE_SUBJECTS))
_CLAUSE_OR_AND = re.compile(_CLAUSE_BREAK.pattern + r"|\s(?:and|et|und|y|e|ed|en)\s")
# "the link to unsubscribe", "le lien pour me désabonner": the mechanism is named, nothing is asked.
_LINK_WORDS = r"link|lien|enlace|ligacao|bouton|button|knop|pulsante|botao|boton"
# (a few words may sit between: "le lien en bas pour me désinscrire", "op de link geklikt om me af te melden")
_NAMES_THE_LINK = re.compile(rf"\b(?:{_LINK_WORDS})\s(?:[a-z']+\s){{0,3}}(?:to|para|pour|per|om|zum|um)\s$")
# "no more paper statements by post", "stop the SMS offers": not about email, so not an email opt-out; a
# human reads it.
# The request names email as the channel: "par mail", "a questo indirizzo"
_EMAIL_CHANNEL = re.compile(
    r"\b(?:(?:par|per|por|by|via)\s(?:e-?mail|mail|courriel|correo\selectronico|correio\seletronico)|a\squesto\sindirizzo"
    r"|(?:to|at)\sthis\s(?:e-?mail\s)?address|a\s(?:este|esta)\s(?:correo|direccion)|(?:pra|para)\s(?:esse|este)"
    r"\sendereco|an\sdiese\s(?:e-?mail-?)?adresse|naar\sdit\s(?:e-?mail)?adres|a\scette\sadresse)\b"
)
_PAPER = re.compile(
    r"\b(?:paper\w*|papier\w*|papel\w*|cartace[aoie]|by\spost|par\s(?:la\s)?poste|per\sposta|por\scorreo\spostal"
    r"|por\scorreio(?!\seletronico)|per\spost|mit\sder\spost|auf\spapier|in\sde\sbrievenbus|cartas|brieven|briefe"
    r"|(?:home|postal)\saddress|adresse\spostale|postanschrift|briefkasten|cassetta\sdelle\slettere"
    r"|direccion\spostal|endereco\spostal|morada|minha\scasa|(?:di|in)\scarta)\b"
)
# Other things a customer leaves that are not mail: a waiting list, a paid plan or app subscription.
_NOT_MAIL = re.compile(
    r"\b(?:waiting\s?list|wait\s?list|liste\sd'attente|warteliste|lista\sde\sespera|lista\sd'attesa"
    r"|wachtlijst|(?:premium|pro|plus|paid|vip|gold)\s(?:plan|membership|subscription"
    r"|suscripcion|subscripcion|abonnement|abbonamento|assinatura|abo|mitgliedschaft|lidmaatschap|account"
    r"|tier|version)|(?:plan|subscription|suscripcion|subscripcion|abonnement|abbonamento|assinatura|abo"
    r"|mitgliedschaft|lidmaatschap)\s(?:premium|pro|plus|vip|gold)"
    r"|(?:monthly|yearly|annual|weekly)\s(?:[a-z]{3,12}\s)?(?:subscription|box))\b"
)
# Rotas, classes and supplies a customer leaves, in a sentence that names no email ("take me off the
# Saturday rota", "me désinscrire du cours de yoga", "darme de baja del gimnasio", "dar de baja el
# suministro de agua"; but "parem de me enviar esses e-mails do curso" is about the mail).
_PRINTED_MATTER = (
    r"catalog\w*|katalog\w*|volantin\w*|flyers?|prospectus|folhetos?|folletos?|leaflets?|depliants?"
)
_NOT_MAIL_UNLESS_EMAIL = re.compile(
    r"\b(?:rota|roster|team\ssheet|turni|turnos|escala\sde|rooster|dienstrooster|dienstplan|[a-z]+-dienst"
    r"|liste\sdes\s(?:lecteurs|benevoles)|du\scours|(?:from|off)\sthe\s(?:class|course)"
    r"|del\s(?:gimnasio|curso)|dal(?:la)?\s(?:corso|palestra)|do\s(?:curso|ginasio)"
    # a class or a session booked: "mich vom Yogakurs am Samstag abmelden", "me afmelden voor de training"
    r"|(?:vom|aus\sdem|zum)\s[a-z]{0,20}(?:kurs|training|lauf)"
    r"|(?:voor|van)\s(?:de|het)\s[a-z]{0,20}(?:training|les|cursus|clinic|workshop|wedstrijd)"
    r"|(?:from|off|for)\s(?:the|my|this|next)\s(?:[a-z']+\s){0,2}(?:class|course|session|training)"
    r"|suministro|fornitura|fornecimento|vado|al\s(?:corso|webinar|seminario|convegno|evento)"
    # printed matter: "hört auf, mir den Katalog zu schicken" (but "the catalogue emails" are the mail)
    r"|(?:" + _PRINTED_MATTER + r")"
    # a trip, a dinner or a time slot: "annullare l'iscrizione alla gita", "retirez-moi du créneau de 14h"
    # a name printed: "remove my name from the donor list in future publications"
    r"|(?:donor|donors'?|sponsors?|supporters?|patrons?|honou?r)\s(?:list|roll|wall|board)"
    r"|in\s(?:the\s)?(?:future\s)?(?:printed\s)?publications?"
    r"|(?:alla|al)\s(?:gita|escursione|uscita|cena|festa|serata|gara|pranzo|visita|viaggio|torneo)"
    # a race or a part of one: "annullare la mia iscrizione alla maratonina", "ik meld me af voor de halve",
    # "cancelar a minha inscrição na meia", "take my name off the results list"
    r"|(?:alla|al|dalla|dal)\s(?:maratonina|maratona|mezza|corsa|granfondo|triathlon|trail|camminata|staffetta)"
    r"|(?:na|da|a)\s(?:meia|maratona|corrida|prova|caminhada|triatlo|granfondo|trail)"
    r"|(?:de\sla|a\sla)\s(?:carrera|maraton|media\smaraton|marcha|travesia|prueba)|(?:del|al)\s(?:maraton|medio"
    r"\smaraton|triatlon|trail|10k)"
    r"|(?:du|au)\s(?:marathon|semi|semi-marathon|trail|triathlon|10\skm)|(?:de|a)\sla\s(?:course|corrida|rando\w*"
    r"|cyclosportive)"
    r"|(?:vom|zum|aus\sdem)\s(?:[a-z]{0,20}marathon|triathlon|rennen|[a-z]{0,20}lauf)"
    r"|voor\sde\s(?:halve|hele|marathon|[a-z]{0,16}loop|[a-z]{0,16}run|triatlon|[a-z]{0,16}party|[a-z]{0,12}tocht"
    r"|\d+\s?km)"
    r"|(?:for|from|off)\s(?:the|my|this)\s(?:[a-z']+\s)?(?:race|marathon|half|10k|sportive|triathlon|ride|fun\srun)\b"
    r"|(?:results?|finishers?|rankings?)\s(?:list|table|page)|\bleaderboard|classifica|classement|clasificacion"
    r"|classificacao|uitslagenlijst|ergebnisliste"
    r"|du\s(?:creneau|stand|planning)|de\sla\spermanence|(?:from|for|off)\sthe\s(?:trip|outing|excursion|dinner)"
    r"|(?:for|to|from)\sthe\s(?:webinar|seminar|conference|event)|au\s(?:webinaire|seminaire|colloque)"
    # an appointment: "mij afmelden voor de herstelafspraak van zaterdag" (but not "-afspraakherinneringen")
    r"|(?:voor|van)\s(?:de|het|mijn)\s[a-z]{0,20}afspraak|(?:fur|von|vom|zum)\s(?:den\s|dem\s|meinen\s)?[a-z]{0,20}termin"
    r"|(?:for|from)\s(?:the|my)\s(?:[a-z]+\s)?appointment(?!\sremind)|(?:du|au)\srendez-vous|de\sla\scita"
    r"|(?:voor|van)\s(?:de|het|mijn)\s(?:proefrit|testrit)|(?:von|vom|zur)\s(?:der\s)?probefahrt"
    r"|(?:for|from)\s(?:the|my)\stest\sdrive"
    r"|(?:dall|all)'appuntamento|(?:da|na)\sconsulta|do\sagendamento"
    # "me désinscrire de la session du 12 avril", "de l'atelier de samedi"
    r"|(?:de|a|pour)\sla\s(?:session|seance|formation|classe|masterclass|conference|reunion)"
    r"|(?:du|de\sl'|a\sl')\s?(?:atelier|webinaire|seminaire|stage|evenement)"
    # a list named by what it is for: "the list for the trip", "la lista del autobús"
    r"|(?<!mailing\s)(?<!e-mail\s)(?<!email\s)(?:list|liste|lista|lijst)\s(?:for|of|pour|de|du|des|para|del|de\sla|de\slos|per|della|dello|dei|degli"
    r"|delle|do|da|dos|das|voor|van|fur)\s(?!" + ph.LIST_OF_MAIL + r")"
    r"|(?:zum|zur|fur\sden|fur\sdie)\s(?:kurs|webinar|seminar|veranstaltung|tagung|schulung)"
    r"|(?:al|del)\s(?:curso|webinar|seminario|evento)|(?:ao|no|do)\s(?:webinar|seminario|evento)"
    r"|(?:voor|van)\s(?:de|het)\s(?:webinar|seminar|evenement|congres)"
    r"|[a-z]*(?:competitie|toernooi|tournament|competition|turnier|torneo|tournoi|torneio))\b"
)
_PRINTED = re.compile(_PRINTED_MATTER)
# Printed matter ordered from, not refused: "we order only on the annual catalogue", "moving to the framework
# catalogue" (not "stop sending me the catalogue", "unsubscribe me from the catalogue").
_ORDERED_ON = re.compile(
    r"\b(?:to|on|in|via|through|sur|dans|par|im|uber|nel|sul|no|pelo|op|en|em)\s(?:(?:the|le|la|l'|il|el|de|het|dem|den|o|a|our"
    r"|notre|unser\w*|nuestro|nostro|nosso|onze)\s?)?(?:[a-z-]+\s)?$"
)


def _not_mail_unless_email(low: str) -> re.Match[str] | None:
    """What the sentence is about when it is not the mail, unless email is named (_NOT_MAIL_UNLESS_EMAIL)."""
    for found in _NOT_MAIL_UNLESS_EMAIL.finditer(low):
        printed = _PRINTED.fullmatch(found.group())
        if printed is None or _ORDERED_ON.search(low[max(found.start() - 32, 0) : found.start()]) is None:
            return found
    return None


_ALREADY = {
    lang: re.compile(rf"\b(?:{words})\b")
    for lang, words in {
        "en": "already",
        "fr": "deja",
        "de": "bereits|schon",
        "es": "ya",
        "it": "gia",
        "pt": "ja",
        "nl": "al|reeds",
    }.items()
}
# Text messages too, unless the sentence also names email ("les rappels par SMS me suffisent, je préférerais
# ne plus les recevoir par mail" is an email opt-out).
_SMS = re.compile(
    r"\b(?:sms|sms'?s|text\smessages|texts|text(?:ing)?\s(?:me|us)|whatsapp|telegram"
    # phone calls: "smettere di chiamarmi al cellulare", "stop calling me", "keine Anrufe mehr"
    r"|call(?:ing)?\s(?:me|us)|(?:phone\s)?calls|chiamar(?:mi|ci)|telefonar(?:mi|ci)|chiamate|telefonate"
    r"|m'appeler|nous\sappeler|me\stelephoner|appels\stelephoniques|anrufe|anzurufen|llamarme|llamadas"
    r"|ligar-me|me\sligar|chamadas|telefonemas|ligacoes|(?:mij|me)\s(?:te\s)?bellen|telefoontjes"
    r"|(?:mensajes|mensagens|messaggi|messages|nachrichten|berichten)\s(?:al|en\sel|no|ao|sul|on\smy|to\smy"
    r"|sur\smon|auf\s(?:mein|das|dem)|op\smijn)\s(?:movil|celular|telemovel|cellulare|phone|mobile|portable"
    r"|handy|mobiel|telefoon|gsm)"
    r"|mensajes\sde\stexto|mensagens\sde\stexto|messaggi\sdi\stesto|messages\stexte|textnachrichten|sms-berichten"
    r"|tekstberichten)\b"
)
# "stop sending me the wrong size", "ne m'envoyez plus le colis à l'ancienne adresse": the goods or the
# parcel are the point, not the mail.
_WRONG_ITEM = re.compile(
    r"\b(?:wrong|incorrect|falsch\w*|equivocad[oa]s?|erroneo|erronea|sbagliat[aoie]|errad[oa]s?|mauvaise?s?"
    r"|verkeerde?|colis|parcels?|packages?|paket(?:e|en)?|pakket(?:ten|jes)?|paquetes?|pacchi|pacco|encomendas?)\b"
)
# "solicito la baja de la línea fija": what is left is a line, a contract or a card, not the mail.
_LEAVES_A_SERVICE = re.compile(
    r"\s?(?:(?:de|del|of|from|du|van|von|vom|dal|dalla|da|do|della|a|al|to|zur|aan|alla)\s)?"
    r"(?:(?:the|la|el|mi|my|le|ma|mon|il|mio|this|that|our|your|este|esta|ce|cette|questo|questa|deze|dit"
    r"|diese[mnr]?|mia|o|a|meu|minha|het|mijn|den|meinen|der|meiner)\s)?(?:linea|line|lijn|linha|ligne|contrato"
    r"|contract"
    # a booking, an order or a policy: "remove me from this booking as the second driver"
    r"|booking|reservation|reservering|boeking|buchung|reservierung|reserva|prenotazione|rental|order|commande"
    # a classified ad: "quiero dar de baja mi anuncio de la bici, ya la vendí"
    r"|anuncio|annonce|inserat|annuncio|advertentie|zoekertje|listing"
    r"|bestellung|pedido|ordine|encomenda|bestelling|appointment|policy|poliza|polizza|apolice|polis"
    r"|contrat|contratto|vertrag|fibra|fibre|glasvezel|seguro|insurance|tarjeta|card|carte|karte|kaart|cartao"
    r"|garantia|garantie|garanzia|warranty|guarantee"
    r"|licencia|licence|license|licenza|lizenz|licentie|seat|plataforma|platform|plateforme|piattaforma"
    r"|premium|plan|tier|membership|mitgliedschaft|lidmaatschap|membresia|box"
    r"|(?:suscripcion|subscripcion|abonnement|abbonamento|assinatura|abo|subscription)\s(?:mensual|mensuelle"
    r"|mensile|mensal|maandelijks|monatliche?s?|anual|annuelle|annuale|jaarlijks|semanal|hebdomadaire"
    r"|settimanale|wekelijks)"
    # a role held, not the mail: "darme de baja como socio del club", "remove me as the second driver"
    r"|(?:as|als|como|comme|come)\s(?:(?:a|an|the|un|une|le|la|el|o|il|uno)\s)?(?:[a-z]+\s)?(?:member|membre"
    r"|adherent|mitglied|socio|socia|miembro|lid|associado|associada|driver|conducteur|fahrer|conductor"
    r"|guidatore|condutor|bestuurder|autonom[oa]s?|self-employed|zzp'?er|zelfstandige|selbststandige?r?"
    r"|freelancer?|auto-?entrepreneur|lavoratore\sautonomo|trabalhador\sindependente)"
    # a register left ("me afmelden bij de KvK", "darme de baja en Hacienda"): a business closing
    r"|(?:en|bij|beim|bei\sder|bei\sdem|aupres\sde|presso|na|no|in)\s(?:de\s|la\s|el\s|l'|il\s|a\s|o\s)?(?:hacienda"
    r"|seguridad\ssocial|kvk|kamer\svan\skoophandel|belastingdienst|gewerbeamt|finanzamt|handelsregister"
    r"|urssaf|impots|inps|camera\sdi\scommercio|agenzia\sdelle\sentrate|financas|seguranca\ssocial"
    r"|receita|junta\scomercial))\b"
)
# A paid plan left for the free one: "I want to unsubscribe from Plus and go back to the free version".
_BACK_TO_FREE = re.compile(
    r"\b(?:go(?:ing)?\sback|switch(?:ing)?(?:\sback)?|revert(?:ing)?|downgrad\w*|return(?:ing)?|stay(?:ing)?)\s(?:to|on)\s"
    r"(?:the\s|my\s)?(?:free|basic)\s(?:version|plan|tier|account|one)\b"
    r"|\b(?:revenir|repasser|retourner)\s(?:a|sur)\s(?:la\s|l')?(?:version|offre|formule|compte)\sgratuite\b"
    r"|\bzuruck\s(?:zur|zum|in\sdie|auf\sdie|auf\sden)\s(?:kostenlosen?|gratis|free)\b"
    r"|\b(?:volver|regresar|pasar(?:me)?)\s(?:a\sla\s(?:version|cuenta)|al\splan)\sgratuit[oa]\b"
    r"|\b(?:tornare|passare)\s(?:alla|al|all')\s?(?:versione|piano|account)\s(?:gratuit[oa]|free)\b"
    r"|\b(?:voltar|regressar|passar)\s(?:para|a|pra|ao)\s(?:a\s|o\s)?(?:versao|plano|conta)\s(?:gratuit[oa]|gratis|free)\b"
    r"|\bterug\snaar\s(?:de|het)\s(?:gratis|gratuite|free|basis)\b"
)
# Paper asked for in place of email: "preferirei il notiziario per posta cartacea invece che via email"
# (not "send my bills by email instead of paper", nor "I get them by post instead of email" with no ask).
_INSTEAD_OF_EMAIL = re.compile(
    r"\b(?:instead\sof|rather\sthan|invece\s(?:che|di)|anziche|au\slieu\sd[e']|plutot\sque|en\s(?:vez|lugar)\sde"
    r"|em\svez\sde|ao\sinves\sde|in\splaats\svan|statt|anstatt)\s(?:(?:per|via|by|par|por|pelo|through)\s)?"
    r"(?:e-?mail|mail|courriel|correo\selectronico)\b"
)
_ASKS_FOR_PAPER = re.compile(
    r"\b(?:prefer\w*|would\slike|could\syou|can\syou|please|preferirei|preferisco|vorrei|per\sfavore|prefiero"
    r"|preferiria|podrian|quisiera|por\sfavor|prefiro|preferia|gostaria|prefere\w*|pourriez|pouvez|j'aimerais"
    r"|voudrais|svp|hatte\sich|hatte\sgern|lieber|bitte|konnten\ssie|kan\sik|mag\sik|liever|graag|kunt\su)\b"
)
_ENDS_CLAUSE = re.compile(r"\s*(?:[?.!,;]|$)")
_POSTSCRIPT = re.compile(r"(?i)(?:p\.?\s?-?\s?s|p\.?\s?d|n\.?\s?b|p\.?p\.?s)\b\.?\s?:?")
_CHAT_SPELLING = re.compile(r"\b(?:" + "|".join(ph.CHAT_SPELLINGS) + r")\b")
# A person, not the sender, is to stop: "quero que ele pare de me contactar" (the driver), "I want him to
# stop messaging me". Searched just before a request.
_A_PERSON_STOPS = re.compile(r"\b(?:(?:him|her)\sto|que\s(?:ele|ela)|qu'(?:il|elle)|dat\shij)\s$")
_EMAIL_WORD = re.compile(rf"\b(?:e-?mails?|mails?|courriels?|correos?|mailtjes|{ph.MAIL_COMPOUND})\b")
# Email named in a list with other channels ("stop the emails, the texts, the app notifications", "plus de
# mails ni de SMS", "keinerlei E-Mails, SMS oder Briefe"): the request covers the email too, unless the
# words between keep it ("geen sms meer, alleen per mail", "no texts, email is fine").
_LIST_JOINER = re.compile(r",|\b(?:and|or|nor|ni|et|ou|und|oder|noch|y|o|e|ne|nem|en|of|geen|nessun[ao]?)\b")
_KEEPS_A_CHANNEL = re.compile(
    r"\b(?:only|just|but|instead|fine|ok|okay|prefer\w*|alleen|liever|maar|prima|nur|aber|lieber|statt|reicht"
    r"|seulement|mais|plutot|suffit|solo|solamente|pero|sino|mejor|basta|invece|somente|apenas|mas|melhor"
    r"|em\svez|en\svez|in\splaats)\b"
)
# "how do I unsubscribe, please?", "please fix the unsubscribe link": about opting out, not a request.
# "Your email says reply STOP to unsubscribe, but that's not what I want": the footer's word quoted, then
# something else asked. The sentence asks nothing of the list.
_QUOTES_THE_FOOTER = re.compile(
    r"\b(?:(?:your|the|this)\s(?:e-?mail|mail|message|newsletter|letter)\s(?:says|said|tells)"
    r"|(?:votre|le|ce)\s(?:mail|e-?mail|courriel|message|lettre)\s(?:dit|indique|propose)"
    r"|je\svois\b[^.!?]{0,40}\ben\sbas"
    r"|sie\sschreiben|ihr\sschreibt|in\sihrer\s(?:e-?mail|mail|nachricht)\ssteht|man\ssoll\smit"
    r"|(?:el|su|este)\s(?:correo|e-?mail|mensaje|boletin)\s(?:pone|dice|indica)"
    r"|(?:la|la\svostra)\s(?:e-?mail|mail)\s(?:dice|indica)|il\s(?:vostro\s)?messaggio\s(?:dice|indica)"
    r"|(?:o|o\svosso)\s(?:e-?mail|mail)\s(?:diz|indica)|a\smensagem\sdiz"
    r"|(?:jullie|uw|de)\s(?:e-?mail|mail|nieuwsbrief|bericht)\s(?:zegt|vermeldt)"
    r"|in\s(?:jullie|uw|de)\s(?:e-?mail|mail)\sstaat)\b"
)
# "He has asked me to unsubscribe this address", "no manden más correos a esta dirección": whoever is
# named, the request is about the mailbox the reply came from.
_THIS_ADDRESS = re.compile(  # (not "que no es esta dirección", "which is not this address")
    r"(?<!\bno\ses\s)(?<!\bnot\s)(?<!\bnicht\s)(?<!\bpas\s)(?<!\bnon\se\s)(?<!\bnao\se\s)(?<!\bniet\s)"
    r"\b(?:(?:this|our)\s(?:e-?mail\s)?address|(?:cette|notre)\sadresse|(?:diese|unsere)\s(?:e-?mail-?)?adresse"
    r"|(?:esta|nuestra)\sdireccion|(?:questo|il\snostro)\sindirizzo|(?:este|o\snosso)\sendereco"
    r"|(?:pra|para|a)\sesse\sendereco"
    r"|(?:dit|ons)\s(?:e-?mail)?adres)\b"
)
# "that address", after a sentence naming someone else's: "... para o endereço antigo do meu marido,
# joao@x.example. Por favor tirem esse endereço."
_THAT_ADDRESS = re.compile(
    r"\b(?:that\s(?:e-?mail\s)?address|(?:esse|aquele)\sendereco|(?:esa|aquella)\sdireccion"
    r"|(?:ese|aquel)\s(?:correo|e-?mail)|quell'indirizzo|quello\sindirizzo|dat\s(?:e-?mail)?adres"
    r"|jene\s(?:e-?mail-?)?adresse)\b"
)
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_OTHER_ADDRESS = "someone else's address"
_OTHER_ADDRESS_RE = re.compile(re.escape(_OTHER_ADDRESS))
# "Please remove jo@x.example from your lists", sent from another address: a human decides.
_REMOVE_VERB = re.compile(
    r"\b(?:remove|delete|unsubscribe|take|drop|retire[rz]?|supprime[rz]?|enleve[rz]?|desinscri\w*|entfern\w*"
    r"|losch\w*|austrag\w*|streich\w*|quit(?:ar|en|e|adme|enme)|elimin\w*|borr\w*|rimuov\w*|toglie\w*"
    r"|cancell\w*|remov\w*|retir\w*|tir(?:em|ar|e|ez|er)|exclu\w*|verwijder\w*|afmeld\w*|haal)\b"
)
# "unsubscribe lisa@example.com", "please remove the address jo@x.example from": the address is the object
_REMOVES_THE_OTHER = re.compile(
    _REMOVE_VERB.pattern
    + r"(?:\s(?:sie|bitte|die|the|this|that|my|our|l'|la|el|o|het|de|il|mein\w*|mon|ma|mi|meu|mijn)){0,3}"
    + r"(?:\s?(?:e-?mail|e-?mail-?adresse|address|adresse|adres|indirizzo|direccion|endereco|correo))?"
    + r"\s?:?\s"
    + re.escape(_OTHER_ADDRESS)
)
# "please do not send me this newsletter any more": the negation is the request.
_ASKS_NOT_TO_SEND = re.compile(
    r"\b(?:do\snot|don'?t|dont|never)\s(?:ever\s)?(?:send|e-?mail|mail|write|contact)\b"
)
# What a customer wants to stop may be paying, not the mail ("smettere di pagare", "stop paying for it").
_PAYING = (
    r"(?:pagar\w*|pagare|paying|pay|payer|zahlen|bezahlen|betalen|cobrar\w*|cobr(?:e|en|eis|es|ais|an)"
    r"|charging|addebitar\w*|abbuch\w*)\b"
)
_CEASE_PAYING = re.compile(rf"\s?(?:(?:di|de|to|met|zu|a)\s)?{_PAYING}")
_PAYING_WORD = re.compile(rf"\b{_PAYING}")
# Delight: "STOP!! this is amazing", "stop, c'est génial".
_DELIGHT = re.compile(
    r"\b(?:amazing|awesome|incredible|insane|unreal|so\sgood|too\sgood|love\s(?:it|this|that)|genial|incroyable"
    r"|trop\sbien|geil|krass|wahnsinn|increible|brutal|pazzesco|incredibile|fantastic[oa]?|incrivel|demais"
    r"|geweldig|te\sgek|wow)\b"
)
# "my late husband and I used to go…, there's no need to send them to me": the request names its writer.
# The phrase itself says the mail is to the writer ("non inviarci più": parents writing as "we", their
# child only the reason).
_TO_ME = re.compile(
    r"\bto\s(?:me|us)\b|\ba\smoi\b|\ban\smich\b|\bnaar\smij\b|\b(?:e-?mail|send|mail)(?:ing)?\sus\b"
    r"|\b(?:inviar|mandar|scriver|inviate|mandate|scrivete)ci\b|\b(?:enviar|mandar|escribir)nos\b|\b(?:me|nos)\s(?:envien|manden"
    r"|escriban|enviem|mandem|escrevam|mandeis|envieis)\b|\b(?:enviar|mandar)-nos\b|\bnous\s(?:envoyer|ecrire|adresser)\b"
    r"|\buns\s(?:[a-z]+\s)?(?:schicken|senden|zusenden|zuschicken)\b|\bons\s(?:[a-z]+\s)?(?:sturen|mailen"
    r"|toesturen)\b"
    # the sender's own mail, whoever else the sentence names: "ne plus m'envoyer de mail, mes enfants sont
    # grands", "que dejéis de enviarme el boletín"
    r"|\b(?:m'envoyer|m'ecrire|enviarme|mandarme|escribirme|inviarmi|mandarmi|scrivermi|enviar-me|mandar-me)\b"
    r"|\b(?:send(?:ing)?|e-?mail(?:ing)?)\sme\b"
    # "nao precisa mais mandar email pra mim": right after the request
    r"|\s(?:pra|para)\smim\b"
)
# Mail "from us": the writer's own company's mail (a footer in the signature), never the campaign's.
_FROM_US = re.compile(
    r"\b(?:from\sus|van\sons|von\suns|de\snotre\spart|de\snuestra\sparte|da\sparte\snostra"
    r"|da\snossa\sparte)\b"
)
_CONTRAST = re.compile(r"\b(?:but|mais|aber|pero|mas|maar|ma)\b")
_OUR_NEWSLETTER = re.compile(
    r"\b(?:onze|our|notre|nos|unser\w*|nuestr\w*|nostr\w*|noss\w*)\s(?:[a-z-]+\s)?"
    r"(?:nieuwsbrief|newsletter\w*|mailings?|lettre|boletin\w*|infolettre|mailinglijst|e-?mails)\b"
)
_REPLY_WITH = re.compile(
    r"\b(?:antwoord|reply|repondez|antworten|responda|rispondi|responde|respond)\w*\s"
    r"(?:[a-z]+\s){0,2}(?:met|with|avec|mit|con|com|par)\b"
)
# A footer's condition, addressed to the reader: "Wenn Sie keine weiteren Informationen von Leitner &
# Partner erhalten möchten, antworten Sie bitte mit „Abmelden“" in the writer's own signature.
_IF_YOU_WISH = re.compile(
    r"\b(?:if\syou\s(?:no\slonger\s|do\snot\s|don'?t\s)?(?:wish|want|would\slike|prefer)|si\svous\sne\ssouhaitez"
    r"|si\svous\ssouhaitez|(?:wenn|falls)\ssie\s(?:[^\s.!?]+\s){0,8}(?:mochten|wunschen|wollen)|si\sno\s(?:desea|deseas"
    r"|quiere|quieres)|se\snon\s(?:desideri|desidera|vuoi|vuole)|se\snao\s(?:quiser|deseja|desejar|quer)"
    r"|(?:als|indien)\su\s(?:[^\s.!?]+\s){0,8}(?:wilt|wenst))\b"
)
_HOW_OR_LINK = re.compile(
    rf"\b(?:how|comment|wie|como|come|hoe|{_LINK_WORDS}"
    r"|werkt\sniet|doesn'?t\swork|ne\sfonctionne|funktioniert\snicht|no\sfunciona|non\sfunziona|nao\sfunciona)\b"
)
# "I unsubscribed by mistake, please add me back": an opt-out already done, or one being undone.
# "I unsubscribed weeks ago, yet you still charge me every week": what still comes is a charge, not mail.
_STILL_CHARGED = re.compile(
    r"\b(?:abgebucht|abbuch\w*|belastet|charg(?:e|es|ed|ing)|bill(?:ed|ing)|debit\w*|cobr\w*|prelev\w*"
    r"|addebit\w*|afgeschreven|af\s?te\sschrijven|schrijven\b[^.!?]{0,30}\baf\b|descont\w*)"
)
_DONE_WORD = re.compile(
    r"\b(?:(?:ausge|abge|uitge|afge)\w+|unsubscribed|desabonne\w*|desinscrit\w*|disiscritt\w*|descadastrad\w*"
    r"|de\sbaja)\b"
)
_PAST_FORM = re.compile(
    r"(?:ausge|abge|uitge|afge)\w+$|\w+(?:ed|et|it|ite|ne|nee|ado|ada|ato|ata|itto|itta|ei)$"
)
# "take Olivia off the list for the trip": a list phrase about someone other than the writer.
_SOMEONE_ELSE_OFF = re.compile(
    r"\b(?:take|remove|get|drop|strike|cross)\s(?!(?:me|us|my|myself|our)\b)[a-z]+\s(?:off|from)\b"
)
_DONE_OR_UNDO = re.compile(
    r"\b(?:back|again|re-?subscribe|by\smistake|accidentally|de\snouveau|a\snouveau|par\serreur|wieder|versehentlich"
    r"|volver\sa|otra\svez|sin\squerer|por\serror|di\snuovo|per\serrore|novamente|de\snovo|por\sengano|weer"
    r"|per\songeluk|me\sdi|ya\sme|voltar\sa|tornare\sa|opnieuw|erneut|rejoin|per\ssbaglio|sem\squerer"
    r"|sans\sfaire\sexpres|aus\sversehen|por\sacidente"
    # the button pressed, a past event told: "mijn zoontje heeft op afmelden gedrukt"
    r"|gedrukt|geklikt|clicked|pressed|tapped|geklickt|gedruckt|cliccato|premuto|clicou|carreguei|appuye"
    r"|pulse|pulso)\b"
)
_ELIDED = re.compile(r"(?<!\S)([cdjlmns]|qu) (?=[aeiouyh])")
_STRETCHED = re.compile(r"([a-z])\1{2,}")  # a letter held down: three or more in a row
_SYMBOLS = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")  # emoji and pictographs: "STOP 🛑"
_POLITE_QUESTION = re.compile(ph.POLITE_QUESTION)
_NEARLY = re.compile(ph.NEARLY)
_REFUSES_THEM = tuple((lang, re.compile(pattern)) for lang, pattern in ph.REFUSES_THEM.items())
_NOT_INTERESTED = re.compile(ph.NOT_INTERESTED)
_CLAUSE_START = re.compile(r"[:;,]\s|\s[–—]\s|¿")
_TAG_QUESTION = re.compile(
    r",\s?(?:ta|ok|okay|right|yeah|vale|si|ja|ne|hein|d'accord|ok\sla|va\sbene|certo|beleza|combinado|toch|hoor|oke|oké)"
    r"\s?\?+\s*$"
)
# The question of a sentence ending in "?" begins after the request: "dejen de mandarme ofertas, no las
# quiero; ¿en qué tejado quieren que las ponga?"
_ASKS_AFTER = re.compile(r"[;¿]")
_NE_BEFORE = re.compile(r"\bn(?:e\s|')(?:me\s|nous\s|m')?$")
_TRANSACTIONAL = re.compile(ph.TRANSACTIONAL_SUBJECT)
_KEEP_QUESTION = re.compile(ph.KEEP_RECEIVING_QUESTION)
_NUMBERED_BEFORE = re.compile(r"\b\d{1,2}[.)]\s?$")
_LIST_ITEM = re.compile(r"(?:^|\s)\d{1,2}[.)]\s")  # "1. ", "2) "
_QUESTION = re.compile(r"[^.!?]{1,200}\?")  # a sentence that ends in a question mark
_BILLING = re.compile(ph.BILLING_SUBJECT)
_ONLY = re.compile(  # "it only makes me sad": after a subject, "only" qualifies a verb, not the mail
    r"\b(?:nur\snoch|(?<!\bit\s)(?<!\bthey\s)(?<!\bthat\s)(?<!\bthis\s)(?<!\bthe\s)(?<!\bmy\s)only|seulement|uniquement|solamente|unicamente|soltanto|apenas|alleen\snog|alleen\smaar)\b"
)
# What "only" keeps may be service mail, not fewer campaigns: "stop the promotional emails, I only want
# the ones about my deliveries".
_SERVICE_MAIL = re.compile(
    r"\b(?:deliver(?:y|ies)|parcels?|packages?|orders?|bookings?|appointments?|account|tracking|shipments?"
    r"|livraisons?|colis|commandes?|reservations?|rendez-vous|compte|suivi"
    r"|lieferung(?:en)?|paket(?:e|en)?|bestellung(?:en)?|buchung(?:en)?|termin(?:e|en)?|konto|sendung(?:en)?"
    r"|entregas?|envios?|paquetes?|pedidos?|reservas?|citas?|cuenta"
    r"|consegn[ae]|spedizion[ei]|pacchi|pacco|ordini|ordine|prenotazion[ei]|appuntament[oi]|conto"
    r"|encomendas?|pacotes?|marcacoes|marcacao|conta"
    r"|bezorging(?:en)?|pakket(?:ten|jes)?|bestelling(?:en)?|zending(?:en)?|boeking(?:en)?|afspra(?:ak|ken))\b"
)
_OWN_NEGATIVE = re.compile(r"\b(?:keine?[nrs]?|nichts|geen|niets)\b")
_MORE = re.compile(r"\b(?:mehr|meer)\b")
_IF = re.compile(r"\b(?:if|si|se|wenn|falls|als|indien)\b")
_DO_NOT_EMAIL = tuple(
    (lang, re.compile(pattern)) for lang in ph.LANGUAGES for pattern in ph.DO_NOT_EMAIL[lang]
)
_NEGATION_BEFORE = {lang: re.compile(pattern) for lang, pattern in ph.NEGATION_BEFORE.items()}
_NOT_ASKING = {lang: re.compile(pattern) for lang, pattern in ph.NOT_ASKING.items()}
_THIRD_PERSON_STOP = tuple((lang, re.compile(pattern)) for lang, pattern in ph.THIRD_PERSON_STOP.items())
_THEIR_MAILBOX = re.compile(ph.THEIR_MAILBOX)
_NEGATION_INSIDE = {lang: re.compile(pattern) for lang, pattern in ph.NEGATION_INSIDE.items()}
_THIRD_PARTY = {lang: re.compile(pattern) for lang, pattern in ph.THIRD_PARTY.items()}
_THIRD_PERSON_OBJECT = re.compile(ph.THIRD_PERSON_OBJECT)
_NEVER = re.compile(
    r"\b(?:auf\s(?:gar\s)?keinen\sfall|keinesfalls|in\skeinem\sfall|en\saucun\scas|de\sninguna\smanera"
    r"|en\sningun\scaso|in\snessun\scaso|per\snessun\smotivo|de\sjeito\snenhum|em\scaso\salgum|in\sgeen\sgeval"
    r"|under\sno\scircumstances|by\sno\smeans)\b"
)
# A person named by title before "her"/"him": "Mevrouw De Vos is geen bestuurslid meer; wilt u haar ..."
_TITLED_PERSON = re.compile(
    r"\b(?:mevrouw|meneer|mevr|dhr|mr|mrs|ms|miss|herr|frau|madame|mme|monsieur|m\.|senora|senor|sra|sr"
    r"|signora|signor|sig\.?ra|senhora|senhor|dona|dom)\.?\s[a-z]"
)
_PRONOUN_OBJECT = re.compile(ph.PRONOUN_OBJECT)
_POSSESSIVE_OBJECT = re.compile(ph.POSSESSIVE_OBJECT)
_THEIR_ADDRESS = re.compile(ph.THEIR_ADDRESS)
_FIRST_PERSON = re.compile(ph.FIRST_PERSON)
_I = re.compile(r"\b(?:i|je|j|ich|ik|io|yo|eu)\b")  # the writer as the subject
_ADDRESS_WORDS = re.compile(ph.ADDRESS_WORDS)
_CONDITIONAL = re.compile("|".join(f"(?:{pattern})" for pattern in ph.CONDITIONAL.values()))
# "Re: La lettre du week-end - DÉSINSCRIPTION": what the customer typed after the original Subject.
_TYPED_AFTER_SUBJECT = re.compile(r"\s[-–—|/]\s([^-–—|/:]{1,40})$")
# "how do I unsubscribe" without its question mark, from a phone: asks how, requests nothing.
_HOW_TO = re.compile(
    r"\b(?:how\s(?:do|can|would|should)\si|comment\s(?:je|puis-je|faire|on)|wie\s(?:kann|konnte|soll)\sich"
    r"|wie\smelde\sich|(?<!tem\s)como\s(?:me|puedo|hago|se|faco|posso|eu)|come\s(?:faccio|posso|mi|si)"
    r"|hoe\s(?:kan|moet|meld)\s(?:ik|je))\b"
)
# How to opt out with a separable verb, whose parts no opt-out phrase reads together: "Hoe meld ik me af
# voor deze nieuwsbrief?", "Wie trage ich mich aus?", "Como me dou de baixa?"
_HOW_SEPARABLE = (
    (
        "de",
        re.compile(
            r"\bwie\s(?:melde|trage|schreibe)\s(?:ich|man)\s(?:mich|sich)\b[^.!?]{0,60}?\b(?:ab|aus)\b"
        ),
    ),
    (
        "nl",
        re.compile(
            r"\bhoe\s(?:meldt?|schrijft?)\s(?:ik|je|u|men)\s(?:me|mij|mezelf|je|zich)\b[^.!?]{0,60}?\b(?:af|uit)\b"
        ),
    ),
    (
        "pt",
        re.compile(
            r"\bcomo\s(?:e\sque\s)?(?:eu\s)?me\s(?:dou\sde\sbaixa|descadastro|desinscrevo|tiro\sda)\b"
        ),
    ),
)
# "I unsubscribed by mistake, can you put me back?": an opt-out being undone, not asked for.
_MISTAKE = re.compile(
    r"\b(?:by\smistake|by\saccident|accidentally|par\serreur|par\smegarde|aus\sversehen|versehentlich"
    r"|por\serror|por\sequivocacion|per\ssbaglio|per\serrore|por\sengano|sem\squerer|per\songeluk"
    r"|per\sabuis|abusievelijk)\b"
)
_SET_OFF = re.compile(r"\s[–—-]\s|;")
# "ha iscritto il nostro indirizzo per sbaglio": the sign-up was the mistake, the opt-out is meant.
_SIGNED_UP = re.compile(
    r"\b(?:signed\sup|subscribed|registered|added|iscritt[oaie]|registrat[oaie]|inscrit(?:e|es|s)?"
    r"|angemeldet|eingetragen|registriert|suscrit[oa]s?|inscrit[oa]s?|apuntad[oa]s?"
    r"|inscrev\w*|cadastr\w*|registad[oa]s?|aangemeld|ingeschreven)\b"
)
# "unsubscribe - Re: Weekend sale": what the customer typed before their client's reply prefix.
_TYPED_BEFORE_PREFIX = re.compile(
    r"([^-–—|:]{1,40}?)\s*[-–—|:]\s*(?:re|aw|antw|sv|r|rif|res|enc|fw|fwd|tr|wg|rv|i)\s?:", re.IGNORECASE
)
_OPT_OUT_WORDS = tuple((lang, re.compile(ph.OPT_OUT_WORDS[lang])) for lang in ph.LANGUAGES)
_CUES = tuple(
    (
        lang,
        re.compile(ph.CESSATION_CUES[lang]),
        re.compile(ph.REQUEST_CUES[lang]),
        re.compile(ph.MAIL_CUES[lang]),
    )
    for lang in ph.LANGUAGES
)
_MAIL_CUE = {lang: mail for lang, _, _, mail in _CUES}
_SUBSCRIBE_AGAIN = tuple((lang, re.compile(ph.SUBSCRIBE_AGAIN[lang])) for lang in ph.LANGUAGES)
_SUBSCRIBE_JOIN = tuple((lang, re.compile(ph.SUBSCRIBE_JOIN[lang])) for lang in ph.LANGUAGES)
_SUBSCRIBE_NOUNS = re.compile(ph.SUBSCRIBE_NOUNS)
# A Subject that offers the mail or asks to confirm it: what a bare "yes" can agree to.
_OFFER = re.compile(
    r"\b(?:confirm\w*|subscri\w*|sign(?:ed)?[\s-]?up|opt[\s-]?in|join|abonn\w*|inscri\w*|anmeld\w*"
    r"|bestatig\w*|abbona\w*|iscri\w*|assin\w*|aanmeld\w*|bevestig\w*|suscri\w*|conferm\w*|confirma\w*"
    r"|newsletter\w*|news|op\sde\shoogte|(?:stay|keep)\s(?:in\stouch|informed|posted|updated)|rester\sinforme"
    r"|informiert\sbleiben|(?:mantenerte|seguir)\sinformad[oa]|restare\saggiornat[oa]|continuar\sinformad[oa])\b"
)
# "Just reply YES and we'll add you", "répondez OUI": the quoted campaign asked for the word.
_REPLY_YES = re.compile(
    r"\b(?:reply|respond|answer|repond\w*|antwort\w*|respond\w*|rispond\w*|antwoord\w*|beantwoord\w*)"
    r"\b[^.\n]{0,40}\b(?:yes|oui|ja|si|sim)\b"
)
_KEEP = re.compile(
    r"\b(?:weiterhin|weiter|blijven|keep|continue|continuer|seguir|continuare|continuar|still)\b"
)
_MISSING_MAIL = {lang: re.compile(pattern) for lang, pattern in ph.MISSING_MAIL.items()}
_RETRACTION = re.compile("|".join(ph.RETRACTION.values()))
# Service mail a customer keeps while dropping the campaigns: invoices, statements, receipts, bookings.
_OTHER_MAIL_KEPT = re.compile(
    r"\b(?:invoices?|bills?|statements?|receipts?|fattur[ae]|ricevut[ae]|estratt[oi]|factures?|releves?"
    r"|rechnung(?:en)?|kontoausz\w*|quittung(?:en)?|facturas?|recibos?|extractos?|faturas?|extratos?"
    r"|rekeningen|facturen|afschriften|bevestiging(?:en)?|confirmations?|conferm[ae]|confirmaciones"
    r"|confirmacoes|bestatigung(?:en)?)\b"
)
_KEEPS_THE_MAIL = re.compile(ph.KEEPS_THE_MAIL)
_ANOTHER_READER_KEEPS = re.compile(ph.ANOTHER_READER_KEEPS)
_TYPO_KEYWORDS = tuple(
    (word, kind)
    for table, kind in ((ph.UNSUBSCRIBE_KEYWORDS, "optout"), (ph.SUBSCRIBE_KEYWORDS, "subscribe"))
    for word in table
    if " " not in word and "-" not in word
)
_AFFIRMATIONS = frozenset({"yes", "oui", "ja", "si", "sim"})
_AUTOMATED_PREFIXES = (
    ("Auto-Submitted", "auto_reply"),
    ("X-Autoreply", "auto_reply"),
    ("X-Autorespond", "auto_reply"),
    ("Precedence", "list"),
    ("List-Id", "list"),
    ("From mailer-daemon@", "bounce"),
    ("From postmaster@", "bounce"),
    ("From ", "auto_reply"),  # noreply@, no-reply@, do-not-reply@
)
# RFC 6522 multipart/report: report-type delivery-status (RFC 3464) or feedback-report (RFC 5965).
_REPORT_TYPES = {"delivery-status": "bounce", "feedback-report": "complaint"}


@dataclass(frozen=True)
class Classification:
    intent: str  # "unsubscribe" | "do_not_email" | "subscribe" | "unclear" | "none"
    scope: str | None  # "conversation" | "all" | None
    automated: str | None  # None | "auto_reply" | "bounce" | "complaint" | "list"
    language: str | None  # ISO 639-1 code of the matched phrase or keyword
    evidence: str  # short human-readable reason


# "declined": an opt-in negated ("I am not want to receive this newsletter"), which agrees with an opt-out
# "concern": calls or texts asked to stop, fewer mails, a threat (unclear, but a request outranks it)
# "other": an address not the sender's named as the one to remove ("Unsubscribe lisa@example.com", a CSR's
# command from someone who is not staff): unclear, and it outranks a keyword beside it
_Kind = Literal[
    "optout", "subscribe", "affirm", "unclear", "someone", "other", "undone", "negated", "declined", "concern"
]


@dataclass(frozen=True)
class _Hit:
    kind: _Kind
    intent: str
    scope: str | None
    language: str | None
    evidence: str
    keyword: str | None = None  # the keyword a keyword hit read


def normalise(text: str) -> str:
    """Lower case, diacritics dropped, ß written ss, apostrophes made ASCII (and put back where chat
    spelling left a gap: "m envoyer" -> "m'envoyer", "j en", "c est"), whitespace collapsed."""
    low = text.translate(_FOLD).lower()
    if not low.isascii():  # ASCII has nothing to decompose (the classifier runs ~12 of these a message)
        low = unicodedata.normalize("NFKD", low)
        plain = low.translate(_COMBINING)
        if plain and max(plain) > "\uffff":  # past the table: a mark beyond the BMP, one by one
            plain = "".join(c for c in low if not unicodedata.combining(c))
        low = plain
    return _ELIDED.sub(r"\1'", " ".join(low.split()))


# --- the customer's own words ---------------------------------------------------------------------------


def own_text(inbound: Inbound) -> str:
    """The text the customer wrote: the first 4 KiB of the body without quoted lines, and cut where
    quoted history, a forwarded message or a signature begins."""
    lines = inbound.text[:MAX_SCAN_CHARS].translate(_INVISIBLE).replace("\r", "").split("\n")
    kept: list[str] = []
    skip = 0
    for index, raw in enumerate(lines):
        if index < skip:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _ends_own_text(raw, following):
            # Bottom posting: nothing written yet, and "On ... wrote:" opens ">" lines; the customer's
            # text follows them.
            intro = _quote_intro(lines, index) if not any(line.strip() for line in kept) else 0
            if not intro:
                break
            skip = index + intro
            continue
        if not raw.lstrip().startswith(">"):  # RFC 3676 4.5: quoted line (bottom posting keeps the rest)
            kept.append(raw.rstrip())
    return "\n".join(_without_closing_block(kept)).strip()


def _quote_intro(lines: list[str], index: int) -> int:
    """How many lines an attribution at `index` takes (1 or 2) when ">" quoted lines follow it, else 0."""
    low = normalise(lines[index].strip())
    following = normalise(lines[index + 1].strip()) if index + 1 < len(lines) else ""
    size = 1 if _is_attribution(low) else 2 if _has_lead(low) and _is_attribution(f"{low} {following}") else 0
    rest = [line for line in lines[index + size : index + size + 2] if line.strip()]
    return size if size and rest and rest[0].lstrip().startswith(">") else 0


def _ends_own_text(raw: str, following: str) -> bool:
    line = raw.strip()
    # RFC 3676 4.3: "-- " opens a signature. A bare ">" followed by unquoted text is how
    # message.html_to_text announces a <blockquote>: what follows is quoted history.
    if raw == "-- " or line in ("--", "—") or (line == ">" and not following.lstrip().startswith(">")):
        return True
    low = normalise(line)
    if (len(line) >= 10 and not line.strip("_")) or low.startswith(ph.FORWARD_MARKERS):
        return True
    if low.startswith("---") and (low.endswith("---") or any(w in low for w in ph.SEPARATOR_WORDS)):
        return True
    if len(line) <= 80 and low.startswith(ph.MOBILE_SIGNATURES):
        return True
    if low.startswith(ph.OUTLOOK_FROM) and normalise(following).startswith(ph.OUTLOOK_SENT):
        return True
    if low.startswith(ph.OUTLOOK_SENT) and normalise(following).startswith(ph.OUTLOOK_FROM):
        return True  # GMX and web.de: "Gesendet: ..." above "Von: ..."
    return _is_attribution(low) or (_has_lead(low) and _is_attribution(f"{low} {normalise(following)}"))


def _has_lead(low: str) -> bool:
    return low.split(" ", 1)[0].rstrip(",") in ph.ATTRIBUTION_LEADS


def _is_attribution(low: str) -> bool:
    """ "On Tue, 3 Mar 2026, Bank <b@x> wrote:", "Il giorno … ha scritto:", "X <x@y> a écrit :"."""
    if not low.endswith(":") or len(low) > 400:
        return False
    if not any(f" {verb}" in f" {low}" for verb in ph.ATTRIBUTION_VERBS):
        return False
    return _has_lead(low) or "@" in low or any(c.isdigit() for c in low)


def _without_closing_block(lines: list[str]) -> list[str]:
    """Drop "Kind regards,\\nAnna\\nStop Logistics" at the end: a closing line (not the first line)
    followed by at most six short lines. A postscript after the name ("P.S.: não quero continuar a
    receber estes emails") is the customer's own text and stays."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    for index in range(first + 1, len(lines)):
        if normalise(lines[index]).rstrip(",.!") in ph.CLOSINGS:
            rest = [line for line in lines[index + 1 :] if line.strip()]
            if len(rest) <= 6 and all(len(line.split()) <= 8 for line in rest):
                postscript = next(
                    (at for at in range(index + 1, len(lines)) if _POSTSCRIPT.match(lines[at].strip())), None
                )
                return lines[:index] + (lines[postscript:] if postscript is not None else [])
            return lines
    return lines


# --- classification -------------------------------------------------------------------------------------


def classify_bytes(raw: bytes) -> Classification:
    """Parse the message and classify it; delivery and abuse reports are recognised by their headers."""
    inbound = parse_message(raw)
    report = None if inbound.report_type is None else _REPORT_TYPES[inbound.report_type]
    if report is not None:
        return Classification("none", None, report, None, f"multipart/report; report-type={_key(report)}")
    return classify(inbound)


def _key(kind: str) -> str:
    return next(name for name, value in _REPORT_TYPES.items() if value == kind)


def classify(inbound: Inbound) -> Classification:
    """Decide what the customer's own words (and the Subject) ask for."""
    subject = inbound.subject[:MAX_SUBJECT_CHARS]
    automated = _automated(inbound)
    if automated is not None:
        return Classification("none", None, automated[0], None, automated[1])
    text = _named_addresses(own_text(inbound), inbound.from_addresses)
    hints = _language_hint(f"{subject} {text}")
    hits = _signals(_named_addresses(subject, inbound.from_addresses), text, hints, inbound.text)
    found = _decide(hits)
    if found.intent in ("unsubscribe", "do_not_email"):
        low = normalise(text)
        # "Subject: descadastrar" over "como faço pra descadastrar meu email?": the text asks how
        subject_only = all("as the Subject" in hit.evidence for hit in hits if hit.kind == "optout")
        if subject_only and strip_reply_prefixes(subject) != subject.strip():
            # "Re: Baja" over "Gracias, confirmado, ya no me llegan los SMS": the Subject is the
            # confirmation being answered, and the text says the mail has stopped
            missing = next((m for m in (p.search(low) for p in _MISSING_MAIL.values()) if m), None)
            if missing is not None:
                return Classification(
                    "none", None, None, found.language, f'{found.evidence}, answered: "{missing.group()}"'
                )
        taken_back = (
            _retraction(low)
            or _KEEPS_THE_MAIL.search(low)
            or _ANOTHER_READER_KEEPS.search(low)
            or (_HOW_TO.search(low) if subject_only else None)
        )
        if taken_back:
            return Classification(
                "unclear", None, None, found.language, f'{found.evidence}, but "{taken_back.group(0)}"'
            )
        theirs = _theirs(low)
        if theirs is not None:
            return Classification("unclear", None, None, found.language, f"{found.evidence}, but {theirs}")
    return found


def _retraction(low: str) -> re.Match[str] | None:
    """A request taken back ("remove me... actually no, keep me"), unless what the retracting sentence
    keeps is other mail: "Le fatture invece continuate pure a mandarle" keeps the invoices only."""
    for found in _RETRACTION.finditer(low):
        start = max(low.rfind(mark, 0, found.start()) for mark in ".!?\n")
        ends = [end for end in (low.find(mark, found.end()) for mark in ".!?\n") if end >= 0]
        if _OTHER_MAIL_KEPT.search(low, start + 1, min(ends, default=len(low))) is None:
            return found
    return None


def _theirs(low: str) -> str | None:
    """ "Les escribo por mi padre, que recibe sus correos en paco@... . Por favor, quiten su dirección de
    la lista": his or her address, once another address is written in the text (a relative's own mailbox,
    "this is her address", is the mailbox's opt-out: _for_the_mailbox)."""
    possessive = _POSSESSIVE_OBJECT.search(low)
    if possessive is None or _OTHER_ADDRESS_RE.search(low) is None or _THEIR_MAILBOX.search(low):
        return None
    return f'asks to remove "{possessive.group()}" after naming another address'


def _named_addresses(text: str, own: tuple[str, ...]) -> str:
    """An address written in the text is the writer's own ("please remove hello@office.example", sent from
    it) or someone else's ("remove my colleague's jo@x.example"): a request about the latter is unclear."""
    mine = {address.lower() for address in own}
    return _ADDRESS.sub(lambda m: "this address" if m.group().lower() in mine else _OTHER_ADDRESS, text)


def automated_reason(inbound: Inbound) -> str | None:
    """Why the message is machine-sent: its headers or sender (`Inbound.automated`), else an
    out-of-office Subject ("Réponse automatique : ...") from a client that adds no header."""
    if inbound.automated is not None:
        return inbound.automated
    return _out_of_office(inbound.subject[:MAX_SUBJECT_CHARS])


# One message asks up to three times (its plan, the classifier, whether to reply): read each Subject once.
@functools.lru_cache(maxsize=256)
def _out_of_office(subject: str) -> str | None:
    low = normalise(subject)
    if _OUT_OF_OFFICE.search(low) is None:
        return None
    phrase = next((p for p in ph.OUT_OF_OFFICE_SUBJECTS if re.search(rf"\b{re.escape(p)}\b", low)), None)
    return f'out-of-office Subject ("{phrase}")' if phrase else None


def _automated(inbound: Inbound) -> tuple[str, str] | None:
    reason = automated_reason(inbound)
    if reason is None:
        return None
    if inbound.automated is None:
        return "auto_reply", reason
    kind = next((kind for prefix, kind in _AUTOMATED_PREFIXES if reason.startswith(prefix)), "auto_reply")
    return kind, reason


def _signals(subject: str, text: str, hint: str | None, body: str = "") -> list[_Hit]:
    hits: list[_Hit] = []
    stripped = strip_reply_prefixes(subject)
    keyword = _keyword_hit(stripped, "as the Subject", hint)
    typed = _TYPED_BEFORE_PREFIX.match(subject) if keyword is None else None
    if typed is not None:
        keyword = _keyword_hit(typed.group(1), "typed before the Subject's reply prefix", hint)
    appended = _TYPED_AFTER_SUBJECT.search(stripped) if keyword is None and stripped != subject else None
    if appended is not None:
        keyword = _keyword_hit(appended.group(1), "typed after the original Subject", hint)
    if keyword is not None:
        hits.append(keyword)
    elif appended is not None:  # "Re: Newsletter - março - não quero mais receber"
        hits.extend(hit for hit in _subject_hits(appended.group(1), text, hint) if hit.kind == "optout")
    if (
        keyword is None and stripped and stripped == subject.strip()
    ):  # a Subject the customer wrote, not ours after "Re:"
        hits.extend(_subject_hits(stripped, text, hint))
    for number, line in enumerate(text.split("\n"), 1):
        keyword = _keyword_hit(line, f"alone on line {number}", hint)
        hits.extend([keyword] if keyword is not None else [])
    for paragraph in re.split(r"\n\s*\n", text):
        sentences = _SENTENCE_END.split(_NUMBERED.sub(r"\1 ", " ".join(paragraph.split())))
        for before, sentence, following in zip(
            ["", *sentences[:-1]], sentences, [*sentences[1:], ""], strict=True
        ):
            hits.extend(_exclaimed(_sentence_hits(sentence, hint, before), sentence, following))
    return _in_context(normalise(stripped), text, _for_the_mailbox(text, hits), hint, body)


def _in_context(subject: str, text: str, hits: list[_Hit], hint: str | None, body: str = "") -> list[_Hit]:
    """What a bare word means depends on the mail it answers. Answering an order, a parcel or an
    appointment, "cancel" and "yes" are about that; "stop" and "unsubscribe" stay opt-outs (the
    held-out sets' writers disagree on "stop", the issue does not). Answering "do you still want to
    receive our newsletter?", in the Subject or in the quoted campaign (`body`), "no" opts out and
    "yes" opts in."""
    transactional = _TRANSACTIONAL.search(subject)
    if transactional is not None:
        about = f'answers "{transactional.group()}"'
        # "yes" to "Reminder: join our newsletter?" still asks to opt in
        affirm_is_about = _SUBSCRIBE_NOUNS.search(subject) is None
        hits = [
            replace(hit, kind="negated", intent="none", scope=None, evidence=f"{hit.evidence}, {about}")
            if hit.keyword in ph.ABOUT_THE_ORDER or (hit.kind == "affirm" and affirm_is_about)
            else hit
            for hit in hits
        ]
    # "Cancel" to "your free trial ends in 3 days": the plan or the emails? Other keywords stay opt-outs
    # (writers disagree: h7 and h24 label "UNSUBSCRIBE" to a renewal offer an opt-out, h27 unclear).
    billing = _BILLING.search(subject)
    if billing is not None and _SUBSCRIBE_NOUNS.search(f"{subject} {normalise(text)}") is None:
        about = f'answers "{billing.group()}" without naming the mail'
        hits = [
            replace(hit, kind="unclear", intent="unclear", scope=None, evidence=f"{hit.evidence}, {about}")
            if hit.kind == "optout" and hit.keyword in ph.ABOUT_THE_ORDER
            else hit
            for hit in hits
        ]
    asked = _SYMBOLS.sub("", subject).rstrip(_EDGE_PUNCTUATION).endswith("?")
    first = next((line for line in text.split("\n") if line.strip()), "")
    answer = _SPACE_BEFORE_MARK.sub(
        r"\1", " ".join(_POLITENESS.sub(" ", _SYMBOLS.sub("", normalise(first))).split())
    )
    said = _WORD.match(answer)
    bare = answer.strip(_EDGE_PUNCTUATION) in ph.NO_ANSWERS or (
        said is not None and said.group() in ph.YES_ANSWERS
    )
    question = subject if asked and _KEEP_QUESTION.search(subject) else None
    quoted = _quoted_question(body) if question is None and bare else None
    if quoted is not None and quoted[1] > 1:
        evidence = f'answered "{first.strip()[:20]}" to one of {quoted[1]} numbered questions'
        return [*hits, _Hit("unclear", "unclear", None, hint, evidence)]
    question = quoted[0] if quoted is not None else question
    if question is not None:
        evidence = f'answered "{first.strip()[:20]}" to "{question[:60]}"'
        if answer.strip(_EDGE_PUNCTUATION) in ph.NO_ANSWERS:
            return [*hits, _Hit("optout", "do_not_email", "all", hint, evidence)]
        if said is not None and said.group() in ph.YES_ANSWERS:  # "Ja, gerne weiterhin"
            if _ONLY.search(answer) or _CONTRAST.search(answer):  # "yes, but only the monthly one"
                return [*hits, _Hit("unclear", "unclear", None, hint, f"{evidence}, with a condition")]
            return [*hits, _Hit("subscribe", "subscribe", "conversation", hint, evidence)]
    if any(hit.kind == "affirm" for hit in hits) and not _offers_the_mail(subject, body):
        # "YES" opts in only in answer to a subscription request (issue 4): to "Is Tuesday OK?" or a
        # statement notice a person must read what it agrees to.
        hits = [
            replace(
                hit,
                kind="unclear",
                intent="unclear",
                scope=None,
                evidence=f"{hit.evidence}, answering no offer",
            )
            if hit.kind == "affirm"
            else hit
            for hit in hits
        ]
    return hits


def _offers_the_mail(subject: str, body: str) -> bool:
    """The mail a "yes" answers offers or confirms a subscription: the Subject says so ("Please confirm
    your subscription", "Want our Friday bread list?"), or the quoted campaign asks for the word ("reply
    YES and we'll add you")."""
    if _SUBSCRIBE_NOUNS.search(subject) or _OFFER.search(subject):
        return True
    return _REPLY_YES.search(normalise(body[:MAX_SCAN_CHARS])) is not None


def _quoted_question(body: str) -> tuple[str, int] | None:
    """The campaign's own question to keep receiving it, in the history quoted under a bare answer
    ("> Souhaitez-vous continuer à recevoir les rappels par e-mail ? Répondez simplement OUI"), and how
    many numbered questions it is one of (1 when it is not numbered). Only the quoted part of the bounded
    prefix is read: a question the customer wrote is not the campaign's."""
    lines = body[:MAX_SCAN_CHARS].translate(_INVISIBLE).replace("\r", "").split("\n")
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if _ends_own_text(line, lines[i + 1] if i + 1 < len(lines) else "")
        ),
        None,
    )
    if start is None:
        return None
    quoted = normalise(" ".join(line.lstrip("> \t") for line in lines[start + 1 :]))
    questions = list(_QUESTION.finditer(quoted))
    keep = next((q for q in questions if _KEEP_QUESTION.search(q.group())), None)
    if keep is None:
        return None
    # "1. Komt u naar de vergadering? 2. Wilt u de clubkrant blijven ontvangen?": which one is answered?
    if _NUMBERED_BEFORE.search(quoted, max(keep.start() - 4, 0), keep.start() + 1) is None:
        return keep.group().strip(), 1
    return keep.group().strip(), len(_LIST_ITEM.findall(quoted))


def _exclaimed(hits: list[_Hit], sentence: str, following: str) -> list[_Hit]:
    """ "STOP!! this offer is amazing 😍": "stop!" as a cry of delight at what follows, not a request."""
    if len(hits) != 1 or hits[0].kind != "optout" or not sentence.rstrip().endswith("!"):
        return hits
    if normalise(sentence).strip(_EDGE_PUNCTUATION) != "stop":
        return hits
    low = normalise(following)
    delight = _DELIGHT.search(low)
    if delight is None or _EMAIL_WORD.search(low) or _CONTRAST.search(low):
        return hits
    return [
        replace(
            hits[0], kind="negated", intent="none", scope=None, evidence=f'"stop!" at "{delight.group()}"'
        )
    ]


def _subject_hits(subject: str, text: str, hint: str | None) -> list[_Hit]:
    """Opt-out phrases in a Subject the customer wrote; "Newsletter no longer received" over a body that
    says the mail stopped arriving names the problem, not a request (unclear)."""
    found = [hit for hit in _sentence_hits(subject, hint) if hit.kind in ("optout", "other")]
    if not found:
        return found
    low = normalise(text)
    missing = next((m for m in (pattern.search(low) for pattern in _MISSING_MAIL.values()) if m), None)
    if missing is not None:
        evidence = f'{found[0].evidence} in the Subject, but the text says "{missing.group()}"'
        return [_Hit("unclear", "unclear", None, found[0].language, evidence)]
    return found


def _keyword_hit(text: str, where: str, hint: str | None) -> _Hit | None:
    """A keyword alone ("STOP", "Stop please!", "ALLES ABMELDEN"), or None."""
    low = _SYMBOLS.sub("", normalise(text)).strip(_EDGE_PUNCTUATION)
    question = low.endswith("?")
    low = " ".join(_POLITENESS.sub(" ", _GREETING.sub("", low.rstrip("?"))).split()).strip(_EDGE_PUNCTUATION)
    # "BAJAAAA", "stoppp"; a dash standing alone is punctuation ("Abmelden – alles.")
    words = [_STRETCHED.sub(r"\1", w) for w in low.split() if any(c.isalnum() for c in w)]
    named = [w for w in words if w not in ph.LIST_NOUNS]  # "Newsletter abbestellen"
    if named and len(named) < len(words) and _is_keyword(" ".join(n for n in named if n not in ph.ALL_WORDS)):
        words = named
    if len(words) > 1 and len(set(words)) == 1:  # "Stop stop stop"
        words = words[:1]
    if len(words) > 2 and words[0] in ph.ALL_JOINERS and words[1] in ph.ALL_WORDS:  # "von allem abmelden"
        words = words[1:]
    scope, word = "conversation", " ".join(words)
    if len(words) > 1 and (words[0] in ph.ALL_WORDS or words[-1] in ph.ALL_WORDS):
        words = words[1:] if words[0] in ph.ALL_WORDS else words[:-1]
        scope, word = "all", " ".join(words[:-1] if len(words) > 1 and words[-1] in ph.ALL_JOINERS else words)
    if word == "stopall":
        scope = "all"
    evidence = f'keyword "{text.strip()[:40]}" {where}'
    if not _is_keyword(word):
        slip = _typo_of(word)
        if slip is None:
            return None
        word, evidence = slip, f'{evidence} (read as "{slip}")'
    for table, kind in ((ph.UNSUBSCRIBE_KEYWORDS, "optout"), (ph.SUBSCRIBE_KEYWORDS, "subscribe")):
        if word in table:
            lang = hint if hint in table[word] else table[word][0]
            if question:
                return _Hit("unclear", "unclear", None, lang, f"question {evidence}")
            if kind == "subscribe":
                return _subscribe_hit(word, scope, lang, evidence)
            return _Hit("optout", "unsubscribe", scope, lang, evidence, keyword=word)
    return None


def _is_keyword(word: str) -> bool:
    return word in ph.UNSUBSCRIBE_KEYWORDS or word in ph.SUBSCRIBE_KEYWORDS


def _typo_of(word: str) -> str | None:
    """The one keyword a lone word is a slip of ("unsubscibe", "stpo", "abmleden"): two letters swapped
    in any keyword, or one letter missing, extra, wrong or moved two or three places ("descadrastar") in a
    keyword of eight letters or more (short words are too close to ordinary ones: "shop" is not "stop").
    None when no or several keywords fit."""
    if " " in word or len(word) < 4 or len(word) > 20:
        return None
    fits = {kw for kw, _ in _TYPO_KEYWORDS if _slip(word, kw)}
    return fits.pop() if len(fits) == 1 else None


def _slip(word: str, keyword: str) -> bool:
    if len(word) == len(keyword):
        diff = [i for i, (a, b) in enumerate(zip(word, keyword, strict=True)) if a != b]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == keyword[diff[1]]
            and word[diff[1]] == keyword[diff[0]]
        )
        return swapped or (len(keyword) >= 8 and (len(diff) == 1 or _moved(word, keyword, diff)))
    if len(keyword) < 8 or abs(len(word) - len(keyword)) != 1:
        return False
    short, long = sorted((word, keyword), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _moved(word: str, keyword: str, diff: list[int]) -> bool:
    """One letter typed two or three places from where it belongs ("descadrastar")."""
    first, last = diff[0], diff[-1]
    if not 2 <= last - first <= 3:
        return False
    return (word[first + 1 : last + 1] == keyword[first:last] and word[first] == keyword[last]) or (
        word[first:last] == keyword[first + 1 : last + 1] and word[last] == keyword[first]
    )


def _subscribe_hit(word: str, scope: str, lang: str, evidence: str) -> _Hit:
    kind: _Kind = "affirm" if word in _AFFIRMATIONS else "subscribe"
    return _Hit(kind, "subscribe", scope, lang, evidence, keyword=word)


def _sentence_hits(sentence: str, hint: str | None, before: str = "") -> list[_Hit]:
    """Free-text requests in one sentence: the first clear one, else what makes it unclear or negated.
    `before`: the sentence before it, which says whom "him" or "it" means."""
    low = _CHAT_SPELLING.sub(lambda m: ph.CHAT_SPELLINGS[m.group()], normalise(sentence))
    if not low:
        return []
    footer = _QUOTES_THE_FOOTER.search(low)
    if footer is not None and _CONTRAST.search(low, footer.end()) is not None:
        return []
    if (_OUR_NEWSLETTER.search(low) or _IF_YOU_WISH.search(low)) is not None and _REPLY_WITH.search(
        low
    ) is not None:
        # the writer's own signature footer: "Wilt u onze nieuwsbrief niet langer ontvangen, antwoord
        # dan met AFMELDEN."
        return []
    keyword = _keyword_hit(sentence, "as a sentence", hint)
    if keyword is not None:
        return [keyword]
    named = _REMOVES_THE_OTHER.search(low)
    if named is not None:
        return [
            _Hit(
                "other",
                "unclear",
                None,
                hint,
                f'asks to remove an address it is not sent from ("{named.group()}")',
            )
        ]
    paper = _INSTEAD_OF_EMAIL.search(low)
    if paper is not None and _PAPER.search(low) is not None and _ASKS_FOR_PAPER.search(low) is not None:
        return [_Hit("optout", "do_not_email", "all", hint, f'asks for paper "{paper.group()}"')]
    found: list[_Hit] = []
    for lang, pattern in _DO_NOT_EMAIL:
        match = pattern.search(low)
        if match is not None:
            hit = _judge(low, sentence, lang, match, before=before)
            if hit.kind == "optout":
                return [hit]
            found.append(hit)
    other = _OTHER_ADDRESS_RE.search(low)
    if not found and other is not None and _REMOVE_VERB.search(low) is not None:
        return [_Hit("someone", "unclear", None, hint, "asks to remove an address it is not sent from")]
    return (
        found[:1]
        or _asks_how_separable(low)
        or _asked_for_someone(low)
        or _asked_to_stop(low, sentence)
        or _asked_to_join(low, before)
        or _refuses_them(low, sentence, before)
        or _mentions(low, sentence, before)
        or _concerns(low, hint)
    )


# What a careful reader would not act on alone but would not call "nothing" either (GUIDE.md's unclear):
# calls, texts or post asked to stop; fewer mails asked for; a threat over the next mail.
_CEASE_ANY = re.compile(
    r"\b(?:stop\w*|quit|no\smore|any\s?more|no\slonger|don'?t\s(?:call|text|phone|ring)|arret\w*|cess\w*"
    r"|plus\sde|(?:n'|ne\s)[a-z']+\splus|aufhor\w*|hor(?:en|t)\s[^.!?]{0,40}\bauf|kein\w*\s[^.!?]{0,40}\bmehr"
    r"|nicht\smehr|dej(?:en|ad|e|a|eis)\sde|no\s[^.!?]{0,30}\bmas|ya\sno|basta|smett\w*|non\s[^.!?]{0,30}\bpiu"
    r"|parem|pare\sde|para\sde|deixem\sde|chega\sde|nao\s[^.!?]{0,30}\bmais|stop\smet|hou\sop|houd\sop"
    r"|geen\s[^.!?]{0,30}\bmeer|niet\smeer|nooit\smeer)\b"
)
# printed matter, and the calls _SMS leaves out because only a cessation makes them the channel
_OTHER_CHANNEL = re.compile(
    r"\b(?:ringing\s(?:me|us)|phoning\s(?:me|us)|bellen|folders?|brochures?|" + _PRINTED_MATTER + r")\b"
)
_FEWER = re.compile(ph.FEWER_MAILS)
_RECEIVING = re.compile(
    r"\b(?:bekomme|bekommen|erhalte|krijg|ontvang|recibo|ricevo|recebo|recois|receive|get|got)\b"
)
_THREAT = re.compile(ph.THREAT)
_THREAT_MAIL = re.compile(
    r"\b(?:e-?mails?|mails?|courriels?|correos?|messages|mensagens|mensajes|messaggi|berichten"
    r"|nachrichten|newsletters?|nieuwsbrie\w*)\b"
)


def _concerns(low: str, hint: str | None) -> list[_Hit]:
    """Calls, texts or post asked to stop ("Smettete di chiamarmi", "arrêtez les SMS"), fewer mails asked
    for ("once a month would be plenty"), or a threat over the next mail ("Als ik nog één mail krijg,
    dien ik een klacht in"): unclear, for a human, as none of them asks to stop the mail."""
    cease = _CEASE_ANY.search(low)
    # (paper statements stopped for email are a service request, and "bekomme ich keine SMS-TAN mehr" is
    # a fault: neither is a concern)
    if cease is not None and _RECEIVING.search(low, max(cease.start() - 16, 0), cease.start()) is None:
        # up to the next clause: "stop the direct debit and call me back" asks no call to stop
        clause = _CLAUSE_OR_AND.search(low, cease.end(), cease.end() + 25)
        window = low[cease.start() : clause.start() if clause else cease.end() + 25]
        channel = _SMS.search(window) or _OTHER_CHANNEL.search(window)
        if channel is not None:
            return [_Hit("concern", "unclear", None, hint, f'asks to stop "{channel.group()}", not email')]
    fewer = _FEWER.search(low)
    if fewer is not None:
        return [_Hit("concern", "unclear", None, hint, f'asks for fewer mails ("{fewer.group()}")')]
    threat = _THREAT.search(low)
    if threat is not None and _THREAT_MAIL.search(low) is not None:
        return [_Hit("concern", "unclear", None, hint, f'a threat, not a request ("{threat.group()}")')]
    return []


def _refuses_them(low: str, sentence: str, before: str) -> list[_Hit]:
    """ "Je reçois vos mails depuis 2022. Je n'en veux plus": the sentence before names the mail, this
    one refuses "them". After anything else ("you sent me socks") the pronoun is not the mail."""
    found = _first_match(_REFUSES_THEM, low)
    if found is None:
        return []
    lang, match = found
    if not _names_the_mail(normalise(before), lang):
        return []
    hit = _judge(low, sentence, lang, match, negation_asks=True)
    if hit.kind != "optout":
        return [hit]
    return [replace(hit, evidence=f'"{match.group()}" ({lang}) after a sentence naming the mail')]


def _asks_how_separable(low: str) -> list[_Hit]:
    found = _first_match(_HOW_SEPARABLE, low)
    if found is None:
        return []
    lang, match = found
    return [_Hit("unclear", "unclear", None, lang, f'asks how to opt out ("{match.group()}", {lang})')]


def _asked_for_someone(low: str) -> list[_Hit]:
    """ "She'd like to stop getting the newsletters", "que no le manden más": see _for_the_mailbox."""
    found = _first_match(_THIRD_PERSON_STOP, low)
    if found is None or _negated(low, found[0], found[1].start(), found[1].group()):
        return []
    lang, match = found
    return [_Hit("someone", "unclear", None, lang, f'asks for someone else ("{match.group()}", {lang})')]


def _for_the_mailbox(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Someone else's request is theirs to make, and unclear, unless the text says this mailbox is that
    person's ("it's her address this is coming from", "das ist ihr Postfach"): then it is the mailbox
    owner's own opt-out, typed by a relative or a colleague."""
    if not any(hit.kind == "someone" for hit in hits):
        return hits
    mailbox = _THEIR_MAILBOX.search(normalise(text))
    if mailbox is None:
        return hits
    return [
        replace(
            hit,
            kind="optout",
            intent="do_not_email",
            scope="all",
            evidence=f'{hit.evidence}; "{mailbox.group()}"',
        )
        if hit.kind == "someone"
        else hit
        for hit in hits
    ]


def _asked_to_stop(low: str, sentence: str) -> list[_Hit]:
    """A sentence that asks, names the mail and wants it to cease (phrases.REQUEST_CUES etc.), judged
    like a phrase (negation, paper mail, someone else's mail, a bare question)."""
    for lang, cessation, request, mail in _CUES:
        cease = cessation.search(low)
        if cease is None or request.search(low) is None or mail.search(low) is None:
            continue
        if _MISSING_MAIL[lang].search(low) is not None:
            return [_Hit("unclear", "unclear", None, lang, f"says the mail stopped arriving ({lang})")]
        only = _ONLY.search(low)
        if only is not None and (
            _OTHER_MAIL_KEPT.search(low, only.end()) or _SERVICE_MAIL.search(low, only.end(), only.end() + 60)
        ):
            only = None  # what is kept is service mail, not fewer campaigns
        if only is not None:  # "künftig nur noch den monatlichen Newsletter": fewer, not none
            return [_Hit("unclear", "unclear", None, lang, f'asks for less ("{only.group()}", {lang})')]
        # "los mails me dan igual, lo que quiero es dejar de pagar"; "lo que no quiero es que me cobréis más"
        paying = _CEASE_PAYING.match(low, cease.end())
        if paying is not None or _pays_inside(cease.group(), lang):
            wants = cease.group() + (paying.group() if paying else "")
            return [_Hit("negated", "none", None, lang, f'wants to stop "{wants}"')]
        hit = _judge(low, sentence, lang, cease, negation_asks=_ASKS_NOT_TO_SEND.search(low) is not None)
        if hit.kind != "optout":
            return [hit]
        return [replace(hit, evidence=f'request, naming the mail, to stop ("{cease.group()}", {lang})')]
    return []


def _pays_inside(ceasing: str, lang: str) -> bool:
    """A payment verb inside the words that ask something to cease, with no mail named there."""
    return _PAYING_WORD.search(ceasing) is not None and _MAIL_CUE[lang].search(ceasing) is None


def _asked_to_join(low: str, before: str = "") -> list[_Hit]:
    """An opt-in asked for in words: the mail back ("could you add me back?", "me podéis volver a
    suscribir") or, in a sentence naming the mail, to join ("sign me up for the newsletter"), or the
    sentence before naming it when the request ends with no object ("I should be on the volunteers'
    newsletter too. Could you add me please?"). Only a confirmation request follows, and only the reply
    to it subscribes. Negated, a how-to question, or about paper or text messages: not a request."""
    found = _first_match(_SUBSCRIBE_AGAIN, low)
    named_here = _SUBSCRIBE_NOUNS.search(low) is not None
    if found is None and (named_here or _SUBSCRIBE_NOUNS.search(normalise(before)) is not None):
        found = _first_match(_SUBSCRIBE_JOIN, low)
        if found is not None and not named_here and _ENDS_CLAUSE.match(low, found[1].end()) is None:
            found = None
    if found is None:
        return []
    lang, match = found
    if _KEEP.search(low, max(match.start() - 20, 0), match.end()) is not None:
        return []  # "den Newsletter möchte ich weiterhin bekommen": nothing to add
    quoted = f'"{match.group()}" ({lang})'
    if _negated(low, lang, match.start(), match.group()):
        return [_Hit("declined", "none", None, lang, f"negated opt-in {quoted}")]
    elsewhere = _PAPER.search(low) or _SMS.search(low) or _HOW_TO.search(low, max(match.start() - 30, 0))
    if elsewhere is not None:
        return [_Hit("unclear", "unclear", None, lang, f'opt-in {quoted} with "{elsewhere.group()}"')]
    return [_Hit("subscribe", "subscribe", "conversation", lang, f"asks to be added: {quoted}")]


def _first_match(
    table: tuple[tuple[str, re.Pattern[str]], ...], low: str
) -> tuple[str, re.Match[str]] | None:
    return next(((lang, m) for lang, pattern in table if (m := pattern.search(low)) is not None), None)


def _listed_with_email(low: str, start: int, other: int) -> bool:
    """An email word between `start` and the other channel at `other`, joined to it as one more item of
    a list and not kept ("plus de mails ni de SMS", but not "pas de SMS, seulement des mails")."""
    email = max(_EMAIL_WORD.finditer(low, start, other), key=lambda found: found.start(), default=None)
    if email is None or other - email.end() > 60:
        return False
    between = low[email.end() : other]
    return _LIST_JOINER.search(between) is not None and _KEEPS_A_CHANNEL.search(between) is None


def _other_channel_after(low: str, match: re.Match[str]) -> re.Match[str] | None:
    """Text messages or calls named in the request or just after it ("stop the text messages, I get a
    text AND an email"; "geen sms meer, alleen per mail"), unless listed with email as more of the same."""
    names_email = _EMAIL_WORD.search(match.group()) is not None
    other = _SMS.search(low, match.end() if names_email else match.start(), match.end() + 24)
    if other is not None and _listed_with_email(low, match.start(), other.start()):
        return None
    return other


def _judge(
    low: str, sentence: str, lang: str, match: re.Match[str], *, negation_asks: bool = False, before: str = ""
) -> _Hit:
    """`negation_asks`: the sentence's negation is the request itself ("please do not send this to me
    any more"), not a negation of it. `before`: the sentence before, which may name the address that
    "it" is ("questo indirizzo non sarà più presidiato. Vi chiediamo di rimuoverlo")."""
    quoted = f'"{match.group()}" ({lang})'
    if not negation_asks and _negated(low, lang, match.start(), match.group()):
        return _Hit("negated", "none", None, lang, f"negated phrase {quoted}")
    # (into the match's first word: "casi me doy de baja" matched from "me")
    nearly = _NEARLY.search(low, _clause_start(low, match.start()), match.start() + 3)
    if nearly is not None:  # "j'ai failli me désabonner", "casi me doy de baja": nearly did, asks nothing
        return _Hit("negated", "none", None, lang, f'phrase {quoted} nearly done ("{nearly.group()}")')
    if _DONE_WORD.search(match.group()) is not None:
        charged = _STILL_CHARGED.search(low, match.start())
        if charged is not None:
            return _Hit(
                "negated", "none", None, lang, f'phrase {quoted}: what still comes is "{charged.group()}"'
            )
    if _NOT_ASKING[lang].search(low, max(match.start() - 60, 0), match.start()) is not None:
        return _Hit("negated", "none", None, lang, f"phrase {quoted} named, not asked for")
    # Not about email: paper mail; text messages named right after the request ("stop the text
    # messages, I get a text AND an email"), or anywhere in a sentence that names no email.
    on_paper = _PAPER.search(low)
    if on_paper is not None and _ALREADY[lang].search(low, max(on_paper.start() - 40, 0), on_paper.start()):
        on_paper = None  # "nous recevons déjà le bulletin papier": paper is why, email is what
    if on_paper is not None and (
        _EMAIL_CHANNEL.search(low, match.start(), on_paper.start())
        # "I would rather not hear from Pigment & Paper by email": a name, then the channel
        or _EMAIL_CHANNEL.match(low, on_paper.end() + 1)
        # "keine Mails mehr" names the mail itself
        or _EMAIL_WORD.search(match.group())
    ):
        on_paper = None  # "ne plus m'envoyer vos newsletters par mail, le courrier papier me suffit"
    if on_paper is not None and _listed_with_email(low, match.start(), on_paper.start()):
        on_paper = None
    names_email = _EMAIL_WORD.search(low) is not None
    paper = (
        on_paper
        or (_NOT_MAIL.search(low) if "mail" not in match.group() else None)
        # a newsletter or a mailing list named is the mail too: "désinscrire de la newsletter de l'atelier"
        or (_not_mail_unless_email(low) if not (names_email or _SUBSCRIBE_NOUNS.search(low)) else None)
        # (or inside it: "geen sms meer, alleen per mail")
        or _other_channel_after(low, match)
        or (_SMS.search(low) if not names_email else None)
    )
    if paper is not None:
        return _Hit("unclear", "unclear", None, lang, f'phrase {quoted} not about email ("{paper.group()}")')
    goods = _WRONG_ITEM.search(low, match.start(), match.end() + 30)
    if goods is not None and "mail" not in match.group() and not names_email:
        return _Hit("negated", "none", None, lang, f'phrase {quoted} about the goods ("{goods.group()}")')
    service = _LEAVES_A_SERVICE.match(low, match.end()) or _BACK_TO_FREE.search(low)
    if service is not None and not names_email:
        return _Hit("negated", "none", None, lang, f'phrase {quoted} leaves a service ("{service.group()}")')
    if _NAMES_THE_LINK.search(low, max(match.start() - 48, 0), match.start()):
        return _Hit("unclear", "unclear", None, lang, f"phrase {quoted} names the link, asks nothing")
    person = _A_PERSON_STOPS.search(low, max(match.start() - 16, 0), match.start())
    if person is not None:
        return _Hit(
            "negated", "none", None, lang, f'phrase {quoted} asks a person to stop ("{person.group()}")'
        )
    ours = _FROM_US.search(low)
    if ours is not None:  # "Wilt u geen berichten meer van ons ontvangen?": a signature's own footer
        return _Hit(
            "negated", "none", None, lang, f'phrase {quoted} about the writer\'s own mail ("{ours.group()}")'
        )
    third = (
        _THIRD_PARTY[lang].search(low)
        or _OTHER_ADDRESS_RE.search(low)
        or _that_address(low, before, lang)
        or _THEIR_ADDRESS.search(low)
    )
    if (
        third is not None
        and not _names_this_address(low, before)
        and _TO_ME.search(match.group()) is None
        and _TO_ME.match(low, match.end()) is None
        and not _mine_elsewhere(low, match, third)
    ):
        return _Hit(
            "someone", "unclear", None, lang, f'phrase {quoted} about someone else ("{third.group()}")'
        )
    how = _HOW_TO.search(low, max(match.start() - 30, 0), match.end())
    if how is not None:
        return _Hit("unclear", "unclear", None, lang, f'phrase {quoted} in a question ("{how.group()}")')
    # (not in a part of the sentence set off before the request: "het bedrag stond abusievelijk op ons oude
    # rekeningnummer geboekt - en trouwens, die actiemails mogen achterwege blijven")
    set_off = max((brk.end() for brk in _SET_OFF.finditer(low, 0, match.start())), default=0)
    mistake = _MISTAKE.search(low, set_off)
    if mistake is not None and _SIGNED_UP.search(low, max(mistake.start() - 60, 0), mistake.start()) is None:
        return _Hit("unclear", "unclear", None, lang, f'phrase {quoted} with "{mistake.group()}"')
    conditional = _CONDITIONAL.search(low)
    if conditional is not None:
        return _Hit(
            "unclear", "unclear", None, lang, f'phrase {quoted} under a condition ("{conditional.group()}")'
        )
    if sentence.rstrip().endswith("?") and not _polite_question(low) and not _asks_after(low, match):
        return _Hit("unclear", "unclear", None, lang, f"question with phrase {quoted}")
    return _Hit("optout", "do_not_email", "all", lang, f"phrase {quoted}")


def _asks_after(low: str, match: re.Match[str]) -> bool:
    """The question begins after the request, which is not an "if" clause ("si me doy de baja, ¿pierdo
    los puntos?" asks about the request)."""
    if _ASKS_AFTER.search(low, match.end()) is None:
        return False
    return _IF.search(low, max(match.start() - 30, 0), match.start()) is None


def _polite_question(low: str) -> bool:
    """A question that asks politely, at its start or after a clause break ("... c'est trop : pourriez-vous
    arrêter ?", "otra cosa, ¿podrían no mandarme más el boletín?"), or a statement with a question tag
    ("Não quero mais receber o boletim, tá?")."""
    return _TAG_QUESTION.search(low) is not None or any(
        _POLITE_QUESTION.search(part.lstrip("¿¡ ")) for part in _CLAUSE_START.split(low)
    )


def _clause_start(low: str, start: int) -> int:
    """Where the clause holding `start` begins, at most 30 characters back. "Not interested" is a
    reason given before the request, not its negation: "non mi interessa piu toglietemi"."""
    window_start = max(start - 30, 0)
    for brk in _CLAUSE_BREAK.finditer(low, window_start, start):
        window_start = brk.end()
    for reason in _NOT_INTERESTED.finditer(low, window_start, start):
        window_start = reason.end()
    return window_start


def _negated(low: str, lang: str, start: int, matched: str, *, after: bool = True) -> bool:
    window_start = _clause_start(low, start)
    if _NEGATION_BEFORE[lang].search(low, window_start, start) is not None:
        return True
    if (
        lang == "fr"
        and _NE_BEFORE.search(low, window_start, start)
        and low.startswith(" pas", start + len(matched))
    ):
        return True  # "ne me désabonnez pas"
    inside = _NEGATION_INSIDE.get(lang)
    if inside is None or not after:
        return False
    # The window is cut after the clause's words are read, so "nicht" at its edge still sees " mehr".
    clause = low[start : start + len(matched) + 40]
    if _OWN_NEGATIVE.search(matched) is not None:
        # "schicken Sie mir keine Emils mehr ich schaffe es nicht": dictated, the "keine ... mehr" ends
        # the request before the next clause's "nicht"
        more = _MORE.search(clause, len(matched))
        clause = clause[: more.end()] if more is not None else clause
    end = _CLAUSE_BREAK.search(clause, len(matched))
    limit = min(end.start() if end else len(clause), len(matched) + 30)
    found = inside.search(clause[: end.start()] if end else clause)
    return found is not None and found.start() < limit


def _mentions(low: str, sentence: str, before: str = "") -> list[_Hit]:
    """A sentence that talks about opting out: a request when it also asks ("Bitte von allen Verteilern
    austragen", "descadastrar meu email porfavor") and is not about how or the link; else unclear."""
    for lang, pattern in _OPT_OUT_WORDS:
        match = pattern.search(low)
        if match is not None:
            if _negated(low, lang, match.start(), match.group(), after=False) or _never_after(low, match):
                return [_Hit("negated", "none", None, lang, f'negated "{match.group()}" ({lang})')]
            nearly = _NEARLY.search(low, _clause_start(low, match.start()), match.start() + 3)
            if nearly is not None:  # "I nearly unsubscribed in May, but ...": nothing asked
                return [
                    _Hit("negated", "none", None, lang, f'"{match.group()}" nearly done ("{nearly.group()}")')
                ]
            asks = any(request.search(low) for _, _, request, _ in _CUES) or _POLITENESS.search(low)
            done_or_undo = _DONE_OR_UNDO.search(low) or _PAST_FORM.match(match.group())
            off = _SOMEONE_ELSE_OFF.search(low)
            someone = (
                # "This address never registered. Please remove it from all your mailing lists."
                (off is not None and not (" it " in off.group() and _names_this_address(low, before)))
                or (
                    (_THIRD_PARTY[lang].search(low) or _OTHER_ADDRESS_RE.search(low)) is not None
                    and not _names_this_address(low, before)
                )
                or _that_address(low, before, lang) is not None
            )
            if asks and not (
                done_or_undo or someone or _HOW_OR_LINK.search(low) or _MISSING_MAIL[lang].search(low)
            ):
                hit = _judge(low, sentence, lang, match, before=before)
                whom = (
                    _THIRD_PERSON_OBJECT.search(low)
                    or _pronoun_object(low, lang, before)
                    or _POSSESSIVE_OBJECT.search(low)
                )
                if (
                    hit.kind == "optout"
                    and whom is not None
                    and _FIRST_PERSON.search(_clause_of(low, whom)) is None
                    and (
                        _ADDRESS_WORDS.search(normalise(before)) is None
                        or _TITLED_PERSON.search(low, 0, whom.start()) is not None
                    )
                ):
                    evidence = f'asks to remove someone or something ("{whom.group()}", {lang})'
                    return [_Hit("someone", "unclear", None, lang, evidence)]
                if hit.kind == "optout":
                    evidence = f'"{match.group()}" ({lang}) with a request'
                    return [replace(hit, intent="unsubscribe", scope=_scope_of(low), evidence=evidence)]
            # "I unsubscribed by mistake": what a request to be added back explains (see _decide).
            kind: _Kind = "undone" if done_or_undo else "unclear"
            return [
                _Hit(kind, "unclear", None, lang, f'mentions "{match.group()}" ({lang}) without a request')
            ]
    return []


def _never_after(low: str, match: re.Match[str]) -> bool:
    """ "Abmelden möchte ich mich auf keinen Fall": the word, then "in no case" in its clause."""
    end = _CLAUSE_BREAK.search(low, match.end())
    return _NEVER.search(low, match.end(), end.start() if end else len(low)) is not None


def _pronoun_object(low: str, lang: str, before: str) -> re.Match[str] | None:
    """ "Meine Mutter bekommt Ihre News auch. Können Sie sie bitte austragen?", "Lo quiero dar de baja y
    llevarlo al desguace": a pronoun that means a person named before, or a thing when no mail was named
    ("Ich bekomme Ihre Newsletter. Können Sie sie bitte abbestellen?" means the newsletters)."""
    pronoun = _PRONOUN_OBJECT.search(low)
    if pronoun is None:
        return None
    said = f"{normalise(before)} {low[: pronoun.start()]}"
    if _THIRD_PARTY[lang].search(said) is not None:
        return pronoun
    return None if _names_the_mail(said, lang) else pronoun


def _names_the_mail(low: str, lang: str) -> bool:
    """ "Vos newsletters arrivent chaque lundi", "Ich bekomme Ihre Newsletter": what "them" or "sie" may
    mean in the sentence that follows."""
    found = _EMAIL_WORD.search(low) or _MAIL_CUE[lang].search(low) or _SUBSCRIBE_NOUNS.search(low)
    return found is not None


def _mine_elsewhere(low: str, match: re.Match[str], third: re.Match[str]) -> bool:
    """The request is the writer's own ("please delete my address from your database") and the other
    person is named in another clause of the story ("- and I've moved to a small flat near my son")."""
    clause = _clause_of(low, match)
    if third.group() in clause:
        return False
    if _FIRST_PERSON.search(clause) is not None:
        return _FIRST_PERSON.search(match.group()) is not None or _ADDRESS_WORDS.search(clause) is not None
    # "I'd rather not receive the promotional emails any more - my son-in-law books our flights"
    return (
        _I.search(clause) is not None
        and _EMAIL_WORD.search(clause) is not None
        and _PRONOUN_OBJECT.search(clause) is None
    )


def _that_address(low: str, before: str, lang: str) -> re.Match[str] | None:
    """ "That address" in this sentence when the one before names someone else or their address."""
    that = _THAT_ADDRESS.search(low)
    if that is None or not before:
        return None
    earlier = normalise(before)
    return that if (_OTHER_ADDRESS_RE.search(earlier) or _THIRD_PARTY[lang].search(earlier)) else None


def _names_this_address(low: str, before: str) -> bool:
    """This sentence, or the one before, names the address the mail comes to ("questo indirizzo non sarà
    più presidiato. Vi chiediamo di rimuoverlo": "lo" is this address, not someone else's)."""
    return _THIS_ADDRESS.search(low) is not None or (
        bool(before) and _THIS_ADDRESS.search(normalise(before)) is not None
    )


def _clause_of(low: str, match: re.Match[str]) -> str:
    """The clause around a match: "que o retirem da lista" of "... que o retirem da lista e que passem
    a contactar-me a mim"."""
    start = max(
        (brk.end() for brk in _CLAUSE_OR_AND.finditer(low, max(match.start() - 60, 0), match.start())),
        default=max(match.start() - 60, 0),
    )
    end = _CLAUSE_OR_AND.search(low, match.end(), match.end() + 60)
    return low[start : end.start() if end else match.end() + 60]


def _scope_of(low: str) -> str:
    return "all" if any(word in ph.ALL_WORDS for word in low.split()) else "conversation"


def _language_hint(text: str) -> str | None:
    scores = dict.fromkeys(ph.LANGUAGE_HINTS, 0)
    for word in _WORD.findall(normalise(text[: MAX_SCAN_CHARS + MAX_SUBJECT_CHARS])):
        for lang in _HINT_LANGUAGES.get(word, ()):
            scores[lang] += 1
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else None


# word -> the languages it hints at, in LANGUAGE_HINTS order (a tie goes to the first, as before)
_HINT_LANGUAGES: dict[str, tuple[str, ...]] = {}
for _lang, _hints in ph.LANGUAGE_HINTS.items():
    for _word in _hints:
        _HINT_LANGUAGES[_word] = (*_HINT_LANGUAGES.get(_word, ()), _lang)


def _decide(hits: list[_Hit]) -> Classification:
    kinds: dict[str, list[_Hit]] = {}
    for hit in hits:
        kinds.setdefault(hit.kind, []).append(hit)
    optouts, subscribes = kinds.get("optout", []), kinds.get("subscribe", [])
    if optouts and (subscribes or kinds.get("negated") or kinds.get("other")):
        other = (subscribes or kinds.get("negated") or kinds["other"])[0]
        return Classification(
            "unclear", None, None, optouts[0].language, f"{optouts[0].evidence}, but {other.evidence}"
        )
    if optouts:
        chosen = next((hit for hit in optouts if hit.intent == "do_not_email"), optouts[0])
        scope = "all" if any(hit.scope == "all" for hit in optouts) else chosen.scope
        return Classification(chosen.intent, scope, None, chosen.language, chosen.evidence)
    for kind in (
        "other",
        "unclear",
        "someone",
        "subscribe",
        "affirm",
        "concern",
        "undone",
        "negated",
        "declined",
    ):
        if kind in kinds:
            first = kinds[kind][0]
            return Classification(first.intent, first.scope, None, first.language, first.evidence)
    return Classification("none", None, None, None, "no opt-out or opt-in found")
