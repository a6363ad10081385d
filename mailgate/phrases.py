"""Data for `classify`: the keywords, phrases and mail-client markers, in English, French, German,
Spanish, Italian, Portuguese and Dutch. Everything here is matched against *normalised* text: lower
case, diacritics removed ("désabonnez" -> "desabonnez", "möchte" -> "mochte"), typographic apostrophes
made ASCII and whitespace collapsed. Every pattern is linear-time: no nested quantifiers, gaps are a
single bounded character class (`[^.!?]{0,40}`), and only a bounded prefix of the text is searched."""

from __future__ import annotations

LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")

# --- keywords alone on a line (SMS-style, RFC-less convention: CTIA "STOP"/"START") -----------------
# word -> languages it belongs to, the first being the one reported when nothing else decides.
UNSUBSCRIBE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "stop": ("en", "fr", "it", "nl", "pt", "es", "de"),
    "stopall": ("en",),
    "unsubscribe": ("en",),
    "unsub": ("en",),
    "un subscribe": ("en",),  # split by autocorrect
    "un-subscribe": ("en",),
    "cancel": ("en",),
    "end": ("en",),
    "quit": ("en",),
    "remove": ("en",),
    "opt out": ("en",),
    "opt-out": ("en",),
    "optout": ("en",),
    "arret": ("fr",),
    "arreter": ("fr",),
    "desabonner": ("fr",),
    "desabonnement": ("fr",),
    "desinscrire": ("fr",),
    "desinscription": ("fr",),
    "se desabonner": ("fr",),
    "se desinscrire": ("fr",),
    "stopp": ("de",),
    "abmelden": ("de",),
    "abbestellen": ("de",),
    "austragen": ("de",),
    "abmeldung": ("de",),
    "abmelen": ("de",),
    "abmelde": ("de",),
    "baja": ("es",),
    "de baja": ("es",),
    "baja ya": ("es",),
    "dar de baja": ("es",),
    "darse de baja": ("es",),
    "darme de baja": ("es",),
    "de vaja": ("es",),
    "dar de vaja": ("es",),
    "darme de vaja": ("es",),
    "disiscrivetemi": ("it",),
    "cancelar": ("es", "pt"),
    "alto": ("es",),
    "parar": ("es", "pt"),
    "desuscribir": ("es",),
    "desuscribirme": ("es",),
    "disiscrivi": ("it",),
    "disiscrivimi": ("it",),
    "disiscrizione": ("it",),
    "disiscriversi": ("it",),
    "annulla": ("it",),
    "annullare iscrizione": ("it",),
    "cancella": ("it",),
    "cancellami": ("it",),
    "cancellazione": ("it",),
    "basta": ("it", "es", "pt"),
    "rimuovi": ("it",),
    "rimuovimi": ("it",),
    "sair": ("pt",),
    "pare": ("pt",),
    "parem": ("pt",),
    "descadastrar": ("pt",),
    "descadastre": ("pt",),
    "descadastrar-se": ("pt",),
    "descadastrar-me": ("pt",),
    "cancelar a subscricao": ("pt",),
    "remover": ("pt",),
    "afmelden": ("nl",),
    "uitschrijven": ("nl",),
    "stoppen": ("nl", "de"),
    "opzeggen": ("nl",),
    "afmelden nieuwsbrief": ("nl",),
    "uitschrijving": ("nl",),
    "cancelar suscripcion": ("es",),
    "cancelar mi suscripcion": ("es",),
    "cancelar inscricao": ("pt",),
    "cancelar a inscricao": ("pt",),
    "cancelar subscricao": ("pt",),
    "annulla iscrizione": ("it",),
    "cancella iscrizione": ("it",),
}
SUBSCRIBE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "start": ("en", "de", "nl", "fr", "it", "es", "pt"),
    "unstop": ("en",),
    "subscribe": ("en",),
    "resubscribe": ("en",),
    "yes": ("en",),
    "oui": ("fr",),
    "abonner": ("fr",),
    "reabonner": ("fr",),
    "ja": ("de", "nl"),
    "anmelden": ("de",),
    "abonnieren": ("de",),
    "si": ("es", "it"),
    "alta": ("es",),
    "suscribir": ("es",),
    "suscribirme": ("es",),
    "iscrivi": ("it",),
    "iscrivimi": ("it",),
    "sim": ("pt",),
    "inscrever": ("pt",),
    "aanmelden": ("nl",),
    "inschrijven": ("nl",),
}
# "STOP ALL", "TOUT ARRETER", "ALLES ABMELDEN": a keyword with one of these words means every conversation.
ALL_WORDS: dict[str, str] = {
    "all": "en",
    "everything": "en",
    "tout": "fr",
    "tous": "fr",
    "alles": "de",
    "alle": "de",
    "allem": "de",
    "allen": "de",
    "todo": "es",
    "todos": "es",
    "tutto": "it",
    "tutti": "it",
    "tudo": "pt",
    "overal": "nl",
}
# "BAJA DE TODO", "STOP TO ALL": words joining a keyword to its ALL_WORDS.
ALL_JOINERS = frozenset(
    {
        "de",
        "to",
        "a",
        "di",
        "da",
        "van",
        "von",
        "met",
        "mit",
        "with",
        "from",
        "of",
        "for",
        "voor",
        "fur",
        "pour",
    }
)
# What a keyword may name without becoming free text: "Newsletter abbestellen", "unsubscribe emails",
# "STOP aux mails". Dropped from a line before it is looked up, when a keyword is left.
LIST_NOUNS = frozenset(
    {
        "newsletter",
        "newsletters",
        "nieuwsbrief",
        "boletin",
        "email",
        "emails",
        "e-mail",
        "e-mails",
        "mail",
        "mails",
        "mailing",
        "mailings",
        "courriel",
        "courriels",
        "list",
        "liste",
        "lista",
        "lijst",
        "the",
        "la",
        "le",
        "les",
        "aux",
        "der",
        "den",
        "die",
        "el",
        "los",
        "il",
        "a",
        "o",
        "os",
        "de",
        "het",
        "to",
        "from",
        "this",
        "these",
    }
)
# Politeness around a keyword ("Stop please", "STOP, merci") does not make it free text.
POLITENESS = (
    "thank you",
    # "baja x favor": "por" written as the multiplication sign
    "x favor",
    "xfa",
    "xfavor",
    # emphasis, which asks as much as "please" does: "Unsubscribe period", "STOP immédiatement"
    "period",
    "asap",
    "immediately",
    "right now",
    "now",
    "immediatement",
    "immediatamente",
    "imediatamente",
    "inmediatamente",
    "meteen",
    "immediat",
    "immediate",
    "immediato",
    "immediata",
    "inmediato",
    "inmediata",
    "imediato",
    "imediata",
    "onmiddellijk",
    "per direct",
    "s'il vous plait",
    "s'il te plait",
    "muchas gracias",
    "mil gracias",
    "many thanks",
    "merci beaucoup",
    "vielen dank",
    "grazie mille",
    "mille grazie",
    "muito obrigado",
    "muito obrigada",
    "hartelijk dank",
    "por favor",
    "porfa",
    "porfavor",
    "pfv",
    "pf",
    "per favore",
    "per piacere",
    "dank je",
    "dank u",
    "please",
    "pls",
    "plz",
    "plis",
    "pliz",
    "grz",
    "thanks",
    "thx",
    "merci",
    "svp",
    "stp",
    "bitte",
    "bite",
    "danke",
    "sofort",
    "gracias",
    "grazie",
    "subito",
    "obrigado",
    "obrigada",
    "aub",
    "a.u.b",
    "alstublieft",
    "alsjeblieft",
    "graag",
    "bedankt",
    "hoor",
)

# --- free-text requests to stop all mail: language -> patterns (search, normalised sentence) -------------
_MAIL = (
    r"(?:e-?mails?|mails?|emails?|messages?|newsletters?|marketing|promotions?|offers|spam|these|those|them"
    r"|anything|everything|this\sstuff)"
)
# "I don't want them stored on file": what is done with data, not mail
_HANDLED = (
    r"(?!\s(?:stored|kept|saved|held|shared|sold|used|passed|processed|deleted|charged|on\sfile|to\sbe\s(?:stored"
    r"|kept|shared|sold|used|passed|processed)))"
)
# "não quero receber duas caixas": goods counted, not mail
_PT_COUNT = r"(?:\d|uma?\s|dois|duas|tres|quatro|cinco|seis|dez|doze)"
# Dutch words that soften or hurry a request: "haal me alsjeblieft van de lijst", "haal me er ff af".
_NL_SOFT = r"(?:alsjeblieft|alstublieft|aub|even|ff|maar|nu|gewoon|snel|meteen|direct)"
DO_NOT_EMAIL: dict[str, tuple[str, ...]] = {
    "en": (
        # "no emails of any kind to this address from now on" (not "I got no emails of any kind")
        r"(?<!received\s)(?<!got\s)(?<!get\s)\bno\s(?:more\s|further\s)?(?:e-?mails|mails|messages|newsletters"
        r"|marketing|communications|mail)\s(?:of\sany\skind|whatsoever)\b",
        # an erasure request that names the lists: "..., including my email address from all your lists"
        r"\bincluding\s(?:my\s)?(?:e-?mail\s)?address\s(?:from|on)\s(?:all\s|any\s)?(?:of\s)?(?:your\s)?"
        r"(?:mailing\s|marketing\s)?lists?\b",
        # "I hardly ever look at this inbox and would prefer not to get the emails at all"
        r"\b(?:would|'d)\s(?:prefer|rather)\snot\s(?:to\s)?(?:get|receive)\s(?:the|these|your|any|those)\s"
        r"(?:[a-z]+\s)?(?:e-?mails|newsletters?|mails|messages)\b",
        r"\bno\sneed\sto\skeep\s(?:writing|sending|e-?mailing|mailing)\b",
        r"\b(?:it\sis|it'?s)\s(?:not|no\slonger)\s(?:necessary|needed)\s(?:for\syou\s)?to\s(?:keep\s|continue\s)?"
        r"(?:writing|sending|e-?mailing|mailing|to\swrite|to\ssend|write|send|e-?mail|mail)\s(?:to\s)?(?:me|us)\b",
        # a learner's "Please not send me any emails more"
        r"\bplease\snot\s(?:send|e-?mail|write|contact)\s(?:me|us)\b",
        # "could you see to it that they stop coming to this inbox?"
        r"\bsee\sto\sit\sthat\s(?:they|these|those|the\s[a-z]+(?:\s[a-z]+)?)\sstop\s(?:coming|arriving|being\ssent)\b",
        r"\bsee\sto\sit\sthat\s[^.!?]{0,40}\b(?:e-?mails|mails|newsletters|messages)\sstop\b",
        # a learner's "I want not receive any more email"
        r"\b(?:i|we)\swant\snot\s(?:to\s)?(?:receive|get)\b",
        # "I'll pass on the release notes from now on" (not "pass on ... to Sian")
        r"\b(?:i'?ll|i\swill)\spass\son\s(?:the|your|these)\s(?:[a-z]+\s)?(?:notes|newsletters?|updates|mailings"
        r"|e-?mails|bulletins?)\s(?:from\snow\son|in\sfuture|in\sthe\sfuture|going\sforward)\b",
        r"\b(?:i'?ll|i\swill|i'?d\slike\sto)\spass\son\s(?:any\s)?(?:future|further)\s(?:mailings|e-?mails|newsletters)\b",
        # "I would be ever so grateful if you took me off"
        r"\b(?:grateful|appreciate\sit|obliged|thankful)\sif\syou\s(?:would\s|could\s)?(?:took|take)\s(?:me|us)\soff\b",
        # consent withdrawn (GDPR art. 7(3)): "I withdraw my consent to receive marketing emails"
        r"\b(?:withdraw|revoke|retract)\w*\s(?:my\s|all\s|any\s|the\s)?consent\b[^!?]{0,80}\b(?:marketing"
        r"|newsletters?|e-?mails|mails|communications|promotions?|advertising)\b",
        r"\b(?:remove|delete|drop|erase|purge|scrub|wipe|unsubscribe|unenroll)\s(?:me|us|myself|my\s(?:e-?mail|address|adress|adres"
        r"|details|name)|this\s(?:e-?mail\s)?address)\b"
        r"(?!\sas\b)",
        r"\btake\s(?:me|us|my\s(?:e-?mail|address|name|details))\s(?:off|out)\b",
        # a learner's grammar: "please I not want receive more your emails of promotion"
        r"\bi\s(?:not|no)\s(?:want|wish|like)\s(?:to\s)?(?:receive|get|have)\s(?:more\s|any\smore\s|anymore\s)?(?:your\s|the\s"
        r"|these\s|this\s)?(?:e-?mails|mails|newsletters?|messages|promotions?)\b",
        r"\btake\s(?:off|out)\s(?:me|us)\s(?:from|of)\s(?:the|your|this|all)\s",
        r"\b(?:not|no\slonger)\swanting\s(?:this|these|your|the|any|those)\s(?:e-?mails?|mails|newsletters?"
        r"|messages|offers)\b",
        r"\bsign\s(?:me|us)\soff\b",
        r"\b(?:i|we)\s(?:want|wanna|would\slike)\soff\s(?:all\s(?:of\s)?)?(?:your|the|this|these|those)\s"
        r"(?:[a-z-]+\s)?(?:mailing\s)?(?:lists?|mailings?|newsletters?|e-?mails)\b",
        r"\b(?:stop|quit|cease)\s(?:e-?mailing|mailing|contacting|messaging|spamming|bothering|pestering"
        r"|harassing)\b",
        # (typed in a hurry: "stop sendin me thes emails")
        r"\b(?:stop|quit|cease)\ssendin[g']?\s(?:me\s|us\s)?(?:any\s|these\s|thes\s|your\s|the\s|all\s|more\s"
        r"|this\s)?" + _MAIL,
        r"\b(?:stop|quit|cease)\ssendin[g']?\s(?:me|us)\s(?:any|these|thes|your|the|all|this|those)\s"
        r"(?:[a-z]+\s){0,2}"
        r"(?:[a-z]+-)?(?:e-?mails?|newsletters?|mails|messages|mailings?|updates|bulletins?)\b",
        r"\bno\smore\sof\s(?:these|those|your|the)\s(?:[a-z]+\s){0,2}(?:e-?mails|mails|newsletters|messages)\b",
        # "No more of these please": the mail replied to
        r"\bno\smore\sof\s(?:these|those|them)(?=\s*(?:please|pls|thanks?|thank\syou|ta|[.!,]|$))",
        r"\b(?:stop|no\smore|quit)\s(?:the\s|these\s|your\s|all\s|all\sthe\s|all\sthese\s|with\sthe\s)?"
        r"(?:e-?mails|mails|newsletters|messages|spam|marketing\se-?mails)\b",
        r"\b(?:do\snot|don'?t|never)\s(?:e-?mail|contact|message|mail|spam)\s(?:me|us)\b(?!\s(?:the|a|my"
        r"|about|at\s\d)\b)",
        r"\b(?:do\snot|don'?t|never)\s(?:ever\s)?send\s(?:me|us)\s(?:this|that|the|your|such|those)\s"
        r"(?:[a-z]+\s)?"
        r"(?:e-?mails?|newsletters?|mails|promotions?|offers|adverts?|ads|marketing)\b",
        r"\b(?:do\snot|don'?t|never)\ssend\s(?:me|us)\s(?:any\s?more|more|any|further|these|anything"
        r"|another(?=\s*(?:[.!,;]|$|one\b|(?:[a-z]+\s)?(?:e-?mail|mail|newsletter|message|promo|offer))))\b",
        r"\b(?:don'?t|do\snot|no\slonger|dinnae|dinna)\s(?:want|wish|need)\s(?:to\s(?:receive|get|be\ssent)\s)?"
        # "any more of these", Scots "ony mair o thae"
        r"(?:(?:any|ony)\s(?:more|mair)\s(?:of|o)\s(?:these|those|thae|the|your|yer)\s"
        r"|any\smore\s|any\sfurther\s|any\s|further\s|these\s|your\s|those\s|more\s|the\s)?"
        + _MAIL
        + _HANDLED,
        r"\bno\slonger\s(?:wish|want)\sto\s(?:receive|get|hear|be\scontacted|be\se-?mailed|be\son)\b",
        r"\b(?:want|wish|like|need)\sto\s(?:unsubscribe|opt[\s-]?out|be\sremoved|be\staken\soff"
        r"|be\sunsubscribed)\b",
        r"\b(?:please|pls|plz|kindly)\s(?:unsubscribe|opt\sme\sout)\b",
        # the usual misspellings of "unsubscribe"
        r"\b(?:unsubcribe|unsuscribe|unsubscibe|unsubsribe|unscubscribe|unsubscrib)\s(?:me|us|my)\b",
        r"\bopt\s(?:me|us)\sout\b",
        r"\b(?:get|be)\s(?:me\s)?(?:removed|taken\soff|unsubscribed)\s(?:from|off)\b",
        r"\bleave\sme\salone\b",
        r"\b(?:no|don'?t|do\snot)\sneed\sto\s(?:send|write|e-?mail|mail|contact)\b[^.!?]{0,30}\b(?:any\s?more"
        r"|any\slonger|in\s(?:the\s)?future)\b",
        r"\b(?:no\slonger|not)\sinterested\sin\s(?:your|these|the|those|any)\s(?:e-?mails|mails|newsletters?"
        r"|messages|offers|promotions)\b",
        r"\b(?:stop|quit)\se?mail\w{0,4}\sme\b",
        r"\benough\swith\s(?:the|your|these|all\sthe|all\sthis)\s(?:spam|e-?mails|mails|messages)\b",
        r"\bleave\s(?:your|the|all\syour|all\sthe|this)\s(?:mailing\s)?lists?\b",
        r"\bunsubscribed\b[^.!?]{0,60}\bstill\s(?:get|getting|receiv)",
        r"\bstop\sall\s(?:e-?mails|communications?|contact|messages|mail)\b",
        r"\bstop\s(?:getting|receiving)\s(?:the\s|these\s|your\s|any\s|those\s|all\s)?(?:[a-z-]+\s){0,3}"
        r"(?:e-?mails?|newsletters?|mails|messages|mailings?|updates|offers|promotions|bulletins?)\b",
        r"\b(?:i\sobject|right\sto\sobject)\b[^.!?]{0,60}\b(?:marketing|advertising|promotional"
        r"|direct\smarketing)",
        # pointless to go on sending: "there's no point sending me these"
        r"\bno\spoint\s(?:in\s)?(?:you\s)?keeping\s(?:me|us)\s(?:on|in)\s(?:the|your|these|this)\s(?:[a-z-]+\s){0,2}(?:e-?mails"
        r"|mailing\slist|list|newsletters?|mailings)\b",
        r"\bno\spoint\s(?:in\s)?(?:you\s)?(?:continuing\sto\s|carrying\son\s|keeping\son\s)?(?:e-?mail|mail)(?:ing)?"
        r"\s(?:me|us)\b(?!\s(?:about|regarding|re|on|with|if|when)\b)",
        r"\bno\spoint\s(?:in\s)?(?:you\s)?(?:continuing\sto\s|carrying\son\s|keeping\son\s)?send(?:ing)?\s(?:me|us)"
        r"\s?(?:these|those|them|this|the\s(?:[a-z'-]+\s){0,2}(?:e-?mails|newsletters?|mails|updates)|your\s(?:[a-z'-]+\s)"
        r"{0,2}(?:e-?mails|newsletters?|mails|updates)|any\s?more|e-?mails|newsletters?|mails|anything|(?=[.!,;]|$))",
    ),
    "fr": (
        # "..., y compris mon adresse e-mail de toutes vos listes de diffusion"
        r"\by\scompris\s(?:mon\s)?(?:adresse\s)?(?:e-?mail|mail|courriel|electronique)\s(?:de|des)\s(?:toutes\s|tous\s)?"
        r"(?:vos\s|les\s)?(?:listes|liste|fichiers|newsletters)\b",
        r"\b(?:retire|retirer|revoque|revoquer)\w*\s(?:mon|le|votre)\sconsentement\b[^!?]{0,80}"
        r"\b(?:marketing|newsletters?|e-?mails|mails|courriels|communications|publicites?|prospection"
        r"|offres|envois)\b",
        r"\b(?:desabonnez|desinscrivez|retirez|supprimez|enlevez|effacez|rayez|sortez)[\s-]moi\b",
        r"\b(?:supprimer|retirer|effacer|rayer|supprimez|retirez|effacez)\s(?:cette|mon|ma)\s(?:adresse|e-?mail|courriel)"
        r"\s(?:e-?mail\s|electronique\s)?(?:de|des)\s(?:votre|vos)\s(?:fichiers?|listes?|bases?|registres?)\b",
        r"\bce\sn'est\splus\sla\speine\sde\s(?:me\s|nous\s)?(?:l'|les\s|la\s|le\s)?(?:envoyer|ecrire|adresser|transmettre)\b",
        r"\bne\s(?:m'|me\s)(?:envoyez|ecrivez|contactez|sollicitez|adressez)\s?plus\b",
        r"\bne\splus\s(?:m'|me\s)(?:en\s)?(?:envoyer|contacter|ecrire|solliciter|adresser)\b",
        r"\bne\splus\sm'en\s(?:envoyer|adresser|faire\sparvenir)\b",
        # "de ces ..." only when what follows is mail: "je ne veux plus de ces croquettes" is about the food
        r"\bje\sne\s(?:veux|souhaite|desire|voudrais)\s(?:(?:desormais|dorenavant|donc|vraiment|absolument)\s)?plus"
        r"\s(?:recevoir|aucun|etre\scontacte"
        r"|(?:de\s)?(?:vos|ces)\s(?:[a-z'-]+\s){0,2}(?:mails?|e-?mails?|courriels?|messages?|newsletters?|pubs?"
        r"|publicites?|promos?|offres?|lettres?|nouvelles|sollicitations|spams?|envois|communications"
        r"|infolettres?|relances|rappels|alertes|notifications)\b"
        r"|de\s(?:mails|e-?mails|courriels|messages|newsletters?|pubs?|publicites?|promos?|offres"
        r"|lettres?|nouvelles|sollicitations|spams?)\b|d'(?:e-?mails|emails|offres))",
        r"\bje\sne\s(?:veux|voudrais|souhaite)\s(?:recevoir\s(?:pas\s)?plus|pas\splus\s(?:recevoir|de|des|d'))\b",
        r"\bj?e?\s?(?:ne\s)?(?:veux|souhaite|desire)\splus\s(?:aucun|aucune|de)\s(?:mail|e-?mail|courriel"
        r"|message|newsletter|pub|publicite|offre)s?\b",
        r"\b(?:inutile|pas\sbesoin|plus\sbesoin|nul\sbesoin)\s(?:donc\s)?de\scontinuer\sa\s(?:m'|me\s|nous\s)"
        r"(?:ecrire|envoyer|contacter)",
        r"\b(?:nous|me|m')\s?(?:enlever|retirer|supprimer|effacer|rayer|sortir)\s(?:de|du|des)\s(?:la|votre|vos"
        r"|cette|ces|tous\svos)\s(?:liste|listes|fichier|fichiers|mailing|newsletter|base|envois)\b",
        r"\b(?:inutile|pas\sbesoin|plus\sbesoin|nul\sbesoin)\sde\s(?:m'|me\s|nous\s)(?:ecrire|envoyer"
        r"|contacter|adresser|solliciter)",
        r"\b(?:vos|ces|les)\s(?:mails|e-?mails|courriels|messages|newsletters|lettres)\sne\sm'interessent"
        r"\splus\b",
        r"(?<!pour\s)\b(?:ne\s|j?veux\s|voudrais\s|souhaite\s|prefere\s|preferais\s"
        r"|preferer(?:ais)?\s)plus\s(?:les\s|en\s|vos\s|ces\s|rien\s)?"
        r"recevoir\b",
        r"\bm'?(?:enlever|retirer|supprimer|effacer|rayer|sortir)\s(?:de|du|des)\s(?:la|votre|vos|cette"
        r"|ces|vot|ta|tes)?\s?"
        r"(?:liste|fichier|mailing|newsletter|base|envois)",
        r"\bme\s(?:desabonner|desinscrire|retirer\sde|supprimer\sde|rayer\sde|desabonne|desinscrit)\b",
        r"\betre\s(?:retire|desinscrit|desabonne|supprime|raye)e?s?\s(?:de|du|des)\b",
        r"\barretez\s(?:de\sm'|de\sme\s|d')(?:envoyer|ecrire|contacter|spammer|harceler)",
        r"\barretez\s(?:vos|ces|les|tous\sles|toutes\sles)\s(?:mails|e-?mails|courriels|messages|envois"
        r"|newsletters)\b",
        # (not "il n'y a plus de mail de confirmation", "je ne reçois plus aucun mail": what is missing)
        r"\b(?<!y\sa\s)(?<!n'ai\s)(?<!recois\s)(?<!recevons\s)(?<!trouve\s)"
        r"(?:plus\sde|plus\saucune?|plus\sjamais\sde|fini\sles|stop\saux)\s(?:mails?|e-?mails?|courriels?|newsletters?"
        r"|messages\spublicitaires)\b",
        r"\b(?:lachez|fichez)[\s-]moi\b",
        r"\bne\spas\srecevoir\splus\s(?:ces|vos|les|de)\b",
        r"\barr?et(?:e|er|ez|es|iez|ions|ent)\sde\sm'?\s?(?:envoyer|ecrire|spammer|contacter)\b",
        r"\bquitter\s(?:votre|la|vos|toutes\svos|cette)\s(?:liste|listes|liste\sde\sdiffusion)\b",
        r"\b(?:je\sm\'oppose|droit\sd\'opposition)\b[^.!?]{0,80}\b(?:prospection|marketing|publicit"
        r"|commercia)",
        r"\bdesabonne\w*\b[^.!?]{0,60}\b(?:je\s(?:recois|continue)|recois\s(?:toujours|encore))",
        r"\b(?:arretez|cessez)\s(?:de\s)?(?:m\'envoyer\s)?(?:vos|ces|les|tous\sles|toutes\sles)\s(?:pubs"
        r"|publicites|promos)\b",
        r"\bcess(?:er|ez)\s(?:tout|tous|les|vos)\s(?:envois?|courriels|mails|e-?mails|messages)\b",
        r"\b(?:supprimer|supprimez|retirer|retirez|enlever|enlevez|effacer|effacez)\s(?:mon"
        r"|notre)\s(?:adresse|e-?mail"
        r"|courriel|contact)\b[^.!?]{0,30}\b(?:de|des|du)\s(?:vos|votre|la|cette|ces|vot|tous\svos"
        r"|toutes\svos)\s?(?:envois|liste"
        r"|fichier|mailing|newsletter|diffusion|base)",
        # "pas la peine de continuer à m'envoyer"
        r"\b(?:pas|plus)\sla\speine\sde\s(?:continuer\sa\s)?(?:m'|nous\s)(?:envoyer|ecrire|adresser)\b",
    ),
    "de": (
        # "Die E-Mail-Version können Sie bei mir einstellen"
        r"\be-?mail-?(?:version|variante|ausgabe|zusendung)\s(?:konnen|durfen)\ssie\s(?:[a-z]+\s){0,3}(?:einstellen"
        r"|abbestellen|streichen|beenden)\b",
        # "Der weiteren Zusendung von Werbung ... widerspreche ich": the object first
        r"\b(?:zusendung|werbung|werbe-?e-?mails|werbemails|newsletter\w*)\b[^!?]{0,120}\bwiderspreche\sich\b",
        r"\beinschliesslich\s(?:meiner\s)?e-?mail-?adresse\s(?:aus|von)\s(?:allen\s|ihren\s)?(?:verteiler\w*"
        r"|listen|mailinglisten|newsletter\w*)",
        r"\b(?:werbe-?)?(?:e-?mails|mails|newsletter|werbemails|werbung)\s(?:brauche|benotige|will|mochte)\sich\s(?:[a-z]+\s)?nicht\smehr\b",
        r"\bloschen\s(?:sie\s)?(?:bitte\s)?meine\s(?:e-?mail-?)?adresse\b",
        r"\bwiderruf\w*\b[^!?]{0,40}\beinwilligung\b[^!?]{0,80}(?:newsletter|e-?mails?|werbung|werbe"
        r"|mails|zusendung)",
        # mail to be "unterlassen" (see also "widerspreche ... Werbung" below)
        r"\bzusendung\b[^.!?]{0,60}\bzu\sunterlassen\b",
        # "meine E-Mail-Adresse aus sämtlichen Verteilern zu löschen"
        r"\bmeine\s(?:e-?mail-?)?adresse\s(?:aus|von)\s(?:samtlichen|allen|ihren|ihrem|dem|der|eurem|euren)\s"
        r"[a-z-]{0,20}(?:verteilern?|listen?|newslettern?|mailinglisten?)\s(?:(?:ihrer|ihres|der|des|eurer)\s[a-z-]+\s)?"
        r"(?:zu\s)?(?:loschen|entfernen|streichen|nehmen)\b",
        # Swiss German: "Chönd ihr mi bitte vo eurer Mailingliste striiche?"
        r"\bmi\s(?:bitte\s|au\s|doch\s)*(?:vo|us)\s(?:eurer|ihrer|de|dr|der|em)\s[a-z-]{0,20}(?:liste|verteiler)\s"
        r"(?:striiche|striche|neh|usenee|usneh|lusche|losche|entferne)\b",
        # "Auf die Newsletter-Tipps verzichte ich künftig gern", "ich verzichte auf Ihre Newsletter"
        r"\bauf\s(?:die|den|ihre|ihren|eure|euren|weitere)\s[a-z-]{0,20}(?:newsletter|e-?mails|mails|zusendungen"
        r"|werbung|werbemails|nachrichten)[a-z-]*\s(?:verzichte|verzichten)\s(?:ich|wir)\b",
        # (either order: "Da Sie kein LGB führen, verzichte ich künftig auf Ihre Aussendungen.")
        r"\b(?:(?:ich|wir)\s(?:verzichte|verzichten)|verzichte\sich|verzichten\swir)\s(?:kunftig\s|gerne?\s|in\szukunft\s"
        r"|darum\s|deshalb\s|daher\s|also\s|somit\s|dankend\s|ab\sjetzt\s|nun\s)*auf\s(?:die|den|ihre|ihren"
        r"|eure|euren|weitere)\s[a-z-]{0,20}(?:newsletter|e-?mails|mails|zusendungen|aussendungen|werbung|werbemails)\b",
        # "Weitere Zusendungen Ihrerseits erübrigen sich damit."
        r"\bweitere\s(?:zusendungen|e-?mails|mails|newsletter|nachrichten|mailings)\b[^.!?]{0,30}\berubrig(?:en|t)\ssich\b",
        r"\b(?:mich|uns)\s(?:auch\s|bitte\s)?aus\s(?:dem|ihrem|eurem)\s[a-z-]{0,16}verteiler\b[^.!?]{0,40}\b(?:raus"
        r"|nehmen|zu\snehmen|entfernen|zu\sentfernen|streichen|zu\sstreichen)\b",
        r"\buntersage\b[^.!?]{0,40}\b(?:kontaktaufnahme|zusendung|werbung)",
        # (and as typed in a hurry, the plural without its -e: "bite kein mails mehr")
        r"\bkein\s(?:e-?mails|mails|werbemails)\smehr\b",
        r"\bkeine(?:rlei|n)?\s(?:[a-z]{3,15}e[nrs]?\s)?[a-z-]{0,20}(?:e-?mails|mails|nachrichten|mitteilungen|erinnerungen"
        r"|newsletter|werbung|werbemails|rundbriefe?|rundschreiben|rundmails?"
        r"|zusendungen|post)\b"
        r"[^.!?]{0,20}\bmehr\b",
        r"\b(?:e-?mails?|mails?|newsletter|nachrichten|rundbrief|rundmails?"
        r"|zusendungen)\b[^.!?]{0,40}\bnicht\smehr\s(?:bekommen|erhalten"
        r"|zugeschickt|zugesandt|haben|zuzusenden|zuzuschicken|zusenden|zu\ssenden|zu\sschicken|schicken"
        r"|senden)\b",
        r"\bbitte\skeine\smehr\s(?:schicken|senden|zusenden|mailen)\b",
        # "Schreibt mir bitte gar nichts mehr"
        r"\b(?:schreibt|schreiben\s(?:sie|ihr))\s(?:mir|uns)\s(?:bitte\s)?(?:gar\s|einfach\s)?(?:nichts|nix)\s(?:mehr|wieder)\b",
        r"\bkeine\s[a-z-]{2,30}\smehr\s(?:per|via|als|uber)\s(?:e-?mail|mail)\b",
        r"\bkeini\s(?:e-?mails|mails|newsletter|werbig|werbung)\s(?:meh|mehr)\b",
        r"\b(?:aus\s(?:dem|ihrem|eurem)\s(?:[a-z-]{0,16}verteiler|newsletter)|vom\snewsletter)\s"
        r"(?:loschen|nehmen|entfernen|austragen|streichen|abmelden)\b",
        # "Bitte von der Liste nehmen": the customer's own list, the object left out
        r"(?:^|\bbitte\s|\bmich\s|\buns\s|\beinfach\s)(?:bitte\s|einfach\s)?von\s(?:der|ihrer|eurer)\s"
        r"(?:e-?mail-?|mailing|newsletter-?|verteiler)?liste\s(?:nehmen|streichen|entfernen|loschen|runternehmen"
        r"|runter)\b",
        r"\b(?:loschen|nehmen|entfernen|streichen|tragen)\s(?:sie|ihr)\smich\b[^.!?]{0,30}\b(?:aus|von)\s"
        r"(?:dem|ihrem|eurem|der|ihrer)\s(?!warte|gast|teilnehmer)[a-z]{0,20}(?:verteiler|liste|mailingliste|newsletter)",
        r"\bkeine\sweiteren\s(?:e-?mails|mails|nachrichten|newsletter|zusendungen)\b",
        r"\btragen\s(?:sie|ihr)\smich\b[^.!?]{0,50}\baus\b",
        r"\bmelden\s(?:sie|ihr)\s(?:mich|uns|diese\s(?:e-?mail-?)?adresse|meine\s(?:e-?mail-?)?adresse)\b"
        r"[^.!?]{0,50}\bab\b",
        r"\b(?:loschen|entfernen|streichen)\s(?:sie|ihr)\s(?:mich|meine\s(?:e-?mail|adresse|daten))\b",
        r"\bschicken\s(?:sie|ihr)\s(?:mir\s|uns\s|an\sdiese\s(?:e-?mail-?)?adresse\s)(?:bitte\s)?keine\s"
        r"(?:[a-z-]+\s)?(?:angebote|werbung|mails|e-?mails|newsletter|prospekte)\s(?:mehr|zu)\b",
        r"\bmich\b[^.!?]{0,50}\b(?:austragen|abmelden|abmelde|abmalde|abmelen|entfernen|loschen|streichen)\b",
        r"\bich\s(?:mochte|will|wurde\sgerne|wunsche)\b[^.!?]{0,40}\b(?:keine\s(?:e-?mails|mails"
        r"|nachrichten|newsletter"
        r"|werbung)|nicht\smehr\s(?:angeschrieben|kontaktiert|angemailt|belastigt))\b",
        r"\b(?:schicken\s(?:sie|ihr)|schickt|sendet)\smir\s(?:bitte\s)?(?:keine|nichts)\b",
        r"\bnicht\smehr\s(?:anschreiben|angeschrieben|kontaktieren|kontaktiert|anmailen|angemailt"
        r"|belastigen)\b",
        r"\bho?e?r(?:en\ssie|t|n'?s)?\s[^.!?]{0,20}\bauf\b[^.!?]{0,60}\b(?:schicken|senden|schreiben|mailen"
        r"|kontaktieren|zuzumullen)\b",
        r"\b(?:abgemeldet|ausgetragen)\b[^.!?]{0,60}\b(?:trotzdem|immer\snoch|noch\simmer)\b",
        r"\blass(?:en\ssie|t)?\smich\s(?:bitte\s|endlich\s)?in\sruhe\b",
        r"\b(?:widerspreche|widerspruch\sgegen)\b[^!?]{0,120}(?:werbung|werbezweck\w*|marketing"
        r"|newsletter\w*"
        r"|zusendung)",
        r"\bnicht?\smehr\s(?:zu\s)?(?:schicken|senden|zuschicken|zusenden|mailen)\b",
        r"\b(?:mir|uns)\s(?:[a-z]+\s)?(?:nicht|nichts)\smehr\s(?:zu\s)?schreiben\b",
        r"\b(?:e-?mails|mails|newsletter|nachrichten)\sinteressier\w*\smich\s(?:nicht\smehr|nimmer)\b",
        r"\b(?:will|mochte|brauche?)\s(?:keine|nix|nichts)\s(?:mehr|davon\smehr)\b",
        r"\b(?:diese|die|ihre|eure)\s[a-z-]{0,20}(?:mails|e-?mails|newsletter|erinnerungen|werbung|angebote)\sbrauch\w*\s"
        r"(?:ich|wir)\s(?:[a-z]+\s){0,2}(?:nicht|nich|net|ned)\smehr\b",
        r"\bbrauch\w*\s(?:diese|die|ihre|eure|keine)\s[a-z]{0,12}(?:werbung|mails|e-?mails|newsletter"
        r"|nachrichten|angebote)\s(?:(?:echt|wirklich|eigentlich|jetzt)\s)?(?:nicht\smehr|nich\smehr|net\smehr|ned\smehr"
        r"|nimmer|mehr)\b",
        # "Die Werbemails ... können Sie sich bei mir künftig sparen"
        r"\b(?:e-?mails|mails|werbemails|newsletter|werbung|angebote)\b[^.!?]{0,60}\bkonnen\s(?:sie|ihr)\s(?:sich\s)?"
        r"(?:[a-z]+\s){0,3}sparen\b",
        r"\bmich\s(?:damit\s|bitte\s)?in\sruhe\s(?:lassen|lasst)\b",
        # "es hat keinen Sinn, mir das weiter zu schicken"
        r"\b(?:(?:hat|macht)\s(?:doch\s|wirklich\s|echt\s)?(?:keinen|wenig)\s(?:sinn|zweck)|lohnt\ssich\skaum)\b[^.!?]{0,40}\b(?:zu\s(?:schicken|senden|schreiben)|zuzuschicken|zuzusenden|anzuschreiben)\b",
    ),
    "es": (
        # "no tiene sentido que me sigan escribiendo a mí"
        r"\bno\s(?:tiene|tendria)\ssentido\sque\s(?:me|nos)\s(?:sigan|sigais|sigas|continuen)\s(?:escribiendo|mandando"
        r"|enviando)\b",
        # "el boletín ya no me lo mandéis", "los correos no nos los envíen más"
        r"\b(?:boletin|newsletter|correos?|e-?mails?|mails?|revista|recordatorios?)\s(?:ya\s)?no\s(?:me|nos)\s(?:lo|la"
        r"|los|las)\s(?:mandeis|mandes|manden|envieis|envies|envien)\b",
        # "borren esta dirección de su base de datos"
        r"\b(?:borren|borrad|eliminen|eliminad|quiten|quitad|supriman|borrar|eliminar|quitar)\s(?:esta|mi)\s(?:direccion"
        r"|cuenta|correo)\s(?:de\scorreo\s(?:electronico\s)?)?de\s(?:su|sus|vuestra|vuestras)\s(?:base|bases|lista|listas"
        r"|fichero|registro)\b",
        # "prefiero no seguir recibiendo el boletín por correo electrónico"
        r"\b(?:prefiero|preferiria|preferimos|prefeririamos)\sno\s(?:seguir\s|continuar\s)?recibi(?:r|endo)\b",
        # the noun form of an erasure request: "solicito la supresión de mi dirección de correo electrónico
        # de todas las listas de distribución"
        r"\b(?:supresion|eliminacion|baja|retirada|exclusion|cancelacion)\sde\s(?:mi|la)\s(?:direccion\sde\scorreo"
        r"(?:\selectronico)?|correo(?:\selectronico)?|e-?mail|direccion\selectronica)\s(?:de|en)\s(?:todas\s|cualquier\s)?"
        r"(?:las\s|sus\s|la\s)?(?:listas?|bases?\sde\sdatos|ficheros?|envios|comunicaciones)\b",
        # "..., incluido mi correo electrónico de cualquier comunicación comercial"
        r"\bincluid[oa]\s(?:mi\s)?(?:correo(?:\selectronico)?|e-?mail|direccion(?:\sde\scorreo)?)\s(?:de|en)\s"
        r"(?:cualquier|toda|todas|sus|las)\s(?:las\s|sus\s)?(?:comunicacion(?:es)?\scomercial(?:es)?|listas?|envios)\b",
        r"\bretirar\smi\s(?:correo|e-?mail|direccion)\sde\b",
        # "Le agradecería que eliminara mi correo de su base de datos"
        r"\b(?:elimin|borr|suprim|quit|retir)\w*\s(?:mi|el)\s(?:correo(?:\selectronico)?|e-?mail|direccion(?:\sde"
        r"\scorreo)?)\s(?:de|del)\s(?:su|sus|la|las|vuestra|vuestras|tu)\s(?:base\sde\sdatos|lista|listas|registro"
        r"|sistema)\b",
        # "Ya no quiero recibirlo por correo electrónico, lo prefiero en papel"
        r"\bya\sno\s(?:quiero|deseo|necesito)\srecibir(?:lo|la|los|las)?\s(?:por|via)\s(?:correo\selectronico|e-?mail"
        r"|mail)\b",
        r"\bya\sno\s(?:me|nos)\s(?:manden|envien|mande|envie|mandes|envies|escriban)\b",
        # "Les agradecería mucho que ya no me enviaran correos"
        r"\bagradecer\w*\s(?:mucho\s|muchisimo\s)?(?:que\s)?(?:ya\s)?no\s(?:me|nos)\s(?:enviaran|enviasen|mandaran"
        r"|mandasen|escribieran|escribiesen|siguieran\s(?:enviando|mandando))\b",
        r"\beliminar\s(?:esta|nuestra|mi)\s(?:direccion|cuenta\sde\scorreo)\sde\s(?:todas\s)?(?:sus|vuestras)\s"
        r"(?:bases\sde\sdatos|listas)\b",
        r"\babstenerse\sde\s(?:enviar|remitir|mandar)\b[^.!?]{0,40}\b(?:comunicaci\w*|correos|publicidad|boletines"
        r"|mensajes|e-?mails)",
        # "¿Me podrían sacar de la lista de novedades?"
        r"\b(?:me|nos)\s(?:podrian|pueden|puede|podria|podeis|podrias|puedes)\s(?:sacar|quitar|borrar|eliminar"
        r"|excluir|dar\sde\sbaja)\s(?:de|del)\s(?:la\s|las\s|sus\s|esta\s|vuestra\s)?(?:lista|listas|boletin"
        r"|newsletter|mailing|base\sde\sdatos|envios|correos)\b",
        r"\b(?:retiro|revoco|retirar|revocar)\s(?:mi|el)\sconsentimiento\b[^!?]{0,80}\b(?:publicidad"
        r"|marketing|newsletter|boletin|correos?|e-?mails?|comunicaciones|promociones|ofertas)",
        r"\bbaja\sde\stodas\slas\slistas\b",
        r"\bdejen\sde\s(?:enviar|mandar)\s(?:publicidad|correos|promociones|ofertas|boletines|e-?mails|mails"
        r"|newsletters?)\b",
        r"\bno\s(?:quiero|deseo)\s(?:seguir\s)?recibir\s(?:nada|ningun\w*|mas)\b",
        r"\bno\s(?:me|nos)\s(?:envien|envies|manden|mandes|mande|envie|escriban|contacten|enviais|mandais"
        r"|envieis|mandeis|enviais"
        r"|molesten)\b[^.!?]{0,30}\bmas\b",
        r"\b(?:denme|darme|dame|deme|dadme|me\sden|me\sdes|me\sde|me\sdoy|me\sdeis)\sde\s[bv]aja\b",
        r"\bsalir\sde\s(?:su|la|esta|vuestra|todas\slas|sus)\s(?:lista|listas|lista\sde\scorreo)\b",
        r"\b(?:quiero|solicito|pido)\s(?:la|mi)\sbaja\b",
        r"\b(?:eliminenme|borrenme|quitenme|saquenme|eliminarme|borrarme|quitarme|sacarme|excluyanme)\b"
        r"(?!\s(?:el|la|los|las|un|una|lo|ese|esa|este|esta|eso|esto)\b)",
        r"\b(?:eliminen|borren|quiten|saquen|eliminad|borrad|quitad|sacad|elimine|borre|quite|saque)\smi"
        r"\s(?:correo|email|e-mail|direccion)\b",
        r"\bno\s(?:quiero|deseo)\s(?:recibir\s)?(?:mas\s)?(?:correos|e-?mails|mails|mensajes|publicidad"
        r"|boletines|boletin|newsletter|promociones|ofertas|sus|estos|esos|esas|estas|ningun)",
        r"\b(?:pueden|podeis|puede|podrian|podriais)\sdejar\sde\s(?:enviarme|mandarme)(?:lo|la|los|las)\b",
        r"\bya\sno\sme\sinteresa\s(?:el|su|vuestro|este|ese)\s(?:boletin|newsletter|correo|e-?mail|mail)\b",
        r"\bdej(?:en|ad|a|e|eis|arais|aran|asen|aseis|aras|ases)\sde\s(?:enviarme|mandarme|escribirme|contactarme|molestarme|spamearme|llenarme"
        r"|saturarme|inundarme|bombardearme)\b",
        r"\bno\shace\sfalta\sque\s(?:me|nos)\s(?:escriban|envien|manden|sigan\s(?:escribiendo|enviando"
        r"|mandando))\b",
        r"\bno\s(?:me\s|nos\s)?vuelvan\sa\s(?:enviar|mandar|escribir|contactar)(?:me|nos)?\b",
        r"\bno\s(?:me|nos)\ssigan\s(?:mandando|enviando|escribiendo)\b",
        r"\bno\sseguir\s(?:enviandome|mandandome|escribiendome|enviandonos|mandandonos)\b",
        r"\bno\sme\sinteresa\s(?:seguir\s|continuar\s)?recibi(?:r|endo)\s(?:esto|estos|estas|esos|esas|sus|vuestros"
        r"|vuestras|los|las|mas|el|la|ningun|correos|e-?mails|mails|boletines|ofertas|promociones|publicidad)\b",
        r"\bya\sno\sme\sinteresan\s(?:sus|estos|los|esos|vuestros)\s(?:correos|e-?mails|mails|boletines"
        r"|mensajes|newsletters?)\b",
        r"\bno\s(?:quiero|deseo)\sque\s(?:me\s)?(?:sigan|vuelvan\sa)\s(?:enviando|mandando|enviar|mandar"
        r"|escribiendo"
        r"|escribir|contactando|contactar)\b",
        r"\bdar\sde\sbaja\s(?:mi|este|esta)\s(?:correo|email|e-mail|direccion|cuenta\sde\scorreo)\b",
        r"\b(?:desuscribirme|desuscribanme|desuscribame)\b",
        r"\b(?:derecho\sde\soposicion|me\sopongo)\b[^.!?]{0,80}\b(?:publicidad|publicitari\w*"
        r"|comercial\w*|marketing)",
        r"\b(?:anular|cancelar|anulen|cancelen|anule|cancele)\s(?:mi|la)\s(?:suscripcion|subscripcion)\b"
        r"(?!\s(?:el|en|hace|ayer|la\ssemana|el\smes|desde|por\sla\sweb|por\stelefono)\b)",
        r"\b(?:baja|desuscrib\w*)\b[^.!?]{0,60}\b(?:sigo\srecibiendo|(?:me\s)?sigue[n]?\s(?:llegando"
        r"|enviando|mandando))",
        r"\bno\s(?:deseo|quiero)\sseguir\srecibiendo\b",
        r"\bno\s(?:deseo|quiero|queremos|deseamos)\svolver\sa\srecibir\b(?!\s(?:el|la|los|las|mi|mis)"
        r"\s(?:pedido|paquete|factura|producto|envio)s?\b)",
        r"\b(?:borr|elimin|sac|quit)(?:adme|enme|adnos|ennos)\s(?:de|del)\s(?:todas\s|vuestras?\s|sus\s|la\s"
        r"|las\s|esta\s)*(?:listas?|boletin|newsletter|base\sde\sdatos|correos?|envios|mailing|todo)\b",
        r"\bni\sun\s(?:solo\s)?(?:correo|e-?mail|mail)\smas\b",
        # "no vale la pena que sigáis enviándome"
        r"\bno\s(?:vale\sla\spena|tiene\s(?:ningun\s)?sentido)\s(?:que\s)?(?:sig(?:ais|an)|seguir|continu(?:eis|en|ar))\s(?:enviandome|mandandome|escribiendome|a\s(?:enviarme|mandarme))\b",
        r"\bno\s(?:vale\sla\spena|tiene\s(?:ningun\s)?sentido)\s(?:que\sme\s(?:envieis|envien|mandeis|manden)|(?:enviarme|mandarme))\b",
    ),
    "it": (
        # "chiede la cancellazione del proprio indirizzo di posta elettronica dalla relativa lista"
        r"\b(?:cancellazione|rimozione|eliminazione)\s(?:del\s(?:mio\s|proprio\s)?|dell')(?:indirizzo(?:\se-?mail"
        r"|\sdi\sposta\selettronica)?|e-?mail)\s(?:da|dalla|dalle|dal|dai)\s(?:[a-z]+\s)?(?:lista|liste|mailing"
        r"|newsletter|indirizzario)",
        # "..., compreso l'indirizzo email da ogni vostra lista di invio"
        r"\b(?:compreso|inclus[oa])\s(?:il\s|l')?(?:mio\s)?(?:indirizzo\s)?(?:e-?mail|mail|indirizzo)\s(?:da|dalle)\s"
        r"(?:ogni|tutte\sle|qualsiasi|le)\s(?:vostra\s|vostre\s)?(?:lista|liste|mailing)",
        # "vi diffido dal contattarmi ulteriormente via email": a formal demand not to
        r"\bvi\sdiffido\sdal(?:lo|l'|l)?\s?(?:contattarmi|scrivermi|inviarmi|mandarmi|utilizzare)\b",
        r"\btoglie(?:re|te)\s(?:la\snostra|la\smia|il\smio|il\snostro|questo|quest')\s?(?:e-?mail|indirizzo)\s"
        r"(?:dalle|dalla|dai|dal)\s(?:comunicazioni|lista|mailing|newsletter|invii|indirizzario)",
        r"\b(?:revoco|ritiro|revocare|ritirare)\s(?:il\s(?:mio\s)?|mio\s)consenso\b[^.!?]{0,80}\b(?:newsletter"
        r"|marketing|e-?mail|email|comunicazioni|pubblicit|promozion|offerte)",
        r"\bnon\s(?:desidero|voglio|vorrei)\s(?:piu\s)?riceverl[aeio]\b(?!\s(?:a\scasa|per\sposta))",
        r"\b(?:non|nn)\s(?:mi\s)?(?:inviatemi|mandatemi|scrivetemi|contattatemi|inviate|mandate|scrivete"
        r"|mandatemene|inviatemene|mandatene|inviatene|(?:manda|invia)teme(?:l[aeio])"
        r"|(?:mandar|inviar)me(?:l[aeio])|contattate|inviarmi"
        r"|mandarmi|scrivermi|contattarmi|inviarci|mandarci|scriverci|contattarci|inviateci|mandateci)\b"
        r"[^.!?]{0,30}(?:\bpiu\b|\s\+(?!\S))",
        r"\bnon\s(?:serve|c'e\sbisogno|e\snecessario)\s(?:piu\s)?che\s(?:continuiate|continuate|mi|ci)\s(?:a\s)?(?:scriver"
        r"|mandar|inviar)\w*",
        r"\b(?:non|nn)\s(?:voglio|desidero|quiero)\s(?:piu\s)?(?:essere\s)?(?:piu\s)?(?:ricevere|contattat|email"
        r"|e-mail"
        r"|mail|messaggi)",
        r"\bnon\s(?:voglio|desidero)\s(?:ricevere\s)?(?:altre\s|altri\s|ulteriori\s)(?:e-?mail|mail"
        r"|messaggi|comunicazioni)",
        r"\b(?:rimuovete|cancellate|togliete|eliminate)\s(?:il\smio\s(?:indirizzo|nominativo|contatto)"
        r"|la\smia\s(?:email|e-mail|mail))\b",
        r"\b(?:cancellatemi|rimuovetemi|toglietemi|eliminatemi|disiscrivetemi|disiscrivermi|cancellarmi"
        r"|rimuovermi"
        r"|togliermi)\b",
        r"\b(?:annullare|cancellare|annullate|cancellate)\s(?:l'|la\smia\s)iscrizione\b",
        r"(?<!per\s)\bnon\s(?:la\s|le\s|li\s|lo\s)?(?:ricevere|riceverle|riceverli|riceverla"
        r"|riceverlo)\s?piu\b",
        # (not "disattivate le sostituzioni, preferisco non ricevere niente": nothing in place of the goods)
        r"\b(?:preferirei|preferisco|vorrei)\snon\s(?:ricever\w*|essere\scontattat\w*)\b(?!\s(?:niente|nulla)\s*(?:[.!,;]|$))",
        r"\b(?:escludetemi|escludermi|toglietemi|levatemi|levateme|toglieteme|cancellateme|levatece)\b",
        r"\b(?:basta|smettete\sdi|smettetela\sdi|smetta\sdi|la\ssmetta\sdi|smettano\sdi)\s(?:email|e-?mail|mail|messaggi|newsletter|inviarmi"
        r"|mandarmi"
        r"|scrivermi|contattarmi)\b",
        r"\b(?:diritto\sdi\sopposizione|mi\soppongo)\b[^.!?]{0,80}\b(?:marketing|pubblicitar\w*"
        r"|commercial\w*|promozional\w*)",
        r"\bdisiscritt\w*\b[^.!?]{0,60}\b(?:continu\w*\sa\s(?:ricever|arrivar|mandar|inviar)"
        r"|ricevo\sancora|mi\sarrivano\sancora)",
        r"\b(?:disiscrivere|cancellare|rimuovere|togliere|eliminare|disiscrivete|rimuovete|togliete"
        r"|eliminate|cancellate)\s(?:questo|il\smio|il\snostro)\s(?:indirizzo|contatto|recapito)\b",
        r"\b(?:cancellazione|disiscrizione|rimozione)\s(?:dalla\s|della\s|alla\s)?(?:newsletter|mailing\slist"
        r"|lista)\b",
        r"\bnon\s(?:c'e|ce)\s(?:bisogno|piu\sbisogno)\sche\s(?:mi|ci)\s(?:scriviate|mandiate|inviate|scriva"
        r"|mandi|invii|contattiate)\b",
        # "non occorre che continuiate a scriverci"
        r"\bnon\s(?:occorre|serve|e\snecessario|(?:c'e|ce)\sbisogno)\sche\s(?:continuiate|continui)\sa\s"
        r"(?:scriver|mandar|inviar)(?:ci|mi)\b",
        # "fare in modo che queste email non arrivino più a questo indirizzo"
        r"\b(?:e-?mail|mail|newsletter|comunicazioni|messaggi)\snon\s(?:mi\s|ci\s)?(?:arrivino|giungano)\s(?:piu|mai\spiu)\b",
        # "già che ci sei, mi togli dalla newsletter?"
        r"\b(?:mi|ci)\s(?:togli|levi|cancelli|rimuovi|elimini|disiscrivi)\s(?:dalla|dalle|dai|dal)\s(?:newsletter"
        r"|lista|mailing|invii|comunicazioni|indirizzario)\b",
        r"\b(?:queste|le\svostre|vostre|ste)\s(?:e-?mail|mail|newsletter|comunicazioni)\snon\smi\s(?:servono"
        r"|interessano)\s(?:piu|proprio\spiu)\b",
        r"\bnon\se\spiu\sil\scaso\sche\smi\s(?:scriviate|mandiate|inviate|contattiate)\b",
        r"\bevitate\s(?:pure\s)?di\s(?:scrivermi|mandarmi|inviarmi|contattarmi|scriverci|mandarci)\b",
        r"\bnon\smi\sinteressano\s(?:piu|proprio\spiu)\s(?:queste|le|vostre|le\svostre|ste)\s(?:e-?mail"
        r"|mail|newsletter|comunicazioni|offerte)\b",
        r"\bbasta\s(?:co|con)\s(?:ste|queste|le|sti|questi|'ste)\s(?:mail|e-?mail|email|newsletter"
        r"|messaggi)\b",
        # "non ha senso continuare a mandarmi"
        r"\b(?:non\sha\s(?:piu\s)?(?:senso|molto\ssenso)|e\sinutile)\s(?:che\s)?(?:continuare\sa\s|continuiate\sa\s)?(?:mandarmi|inviarmi|scrivermi|mi\s(?:mandiate|inviate|scriviate))\b",
    ),
    "pt": (
        # "deixassem de mos enviar" (me + os), "podem parar com essas ofertas"
        r"\b(?:deixar|deixem|deixassem|parem|parar)\sde\smos\s(?:enviar|mandar)\b",
        r"\b(?:podem\s|pode\s)?(?:parar|parem|pare)\scom\s(?:essas|estas|as|os|esses|estes)\s(?:[a-z-]+\s)?(?:ofertas|promocoes"
        r"|e-?mails|emails|mensagens|newsletters?|propagandas?)\b",
        # "não precisam mais me mandar esses lembretes por e-mail"
        r"\bnao\s(?:precisam|precisa)\s(?:mais\s)?(?:de\s)?(?:me\s|nos\s)?(?:mandar|enviar)(?:-me|-nos)?\s(?:mais\s)?"
        r"(?:esses|estes|os|as|essas|estas)\s(?:[a-z-]+\s)?(?:lembretes|alertas|e-?mails|emails|mensagens|newsletters?|avisos"
        r"|boletins|comunicacoes|promocoes|ofertas)\b",
        # "requerer a eliminação do meu endereço eletrônico da lista de envio", "o apagamento do meu endereço
        # de correio eletrónico de todas as listas"
        r"\b(?:eliminacao|apagamento|exclusao|remocao|retirada)\sdo\s(?:meu\s)?(?:endereco(?:\sde\s(?:correio"
        r"\seletronico|e-?mail)|\seletronico)?|e-?mail)\s(?:da|das|de|do|dos)\s(?:todas\sas\s)?(?:lista|listas"
        r"|mailing|base)\b",
        # "Prefiro a newsletter em papel. Por e-mail não, obrigado."
        r"(?:^|[.!,;:]\s)(?:por|via|pelo)\se-?mail,?\snao(?=\s*(?:[.!,;]|$|obrigad|agradec))",
        # "..., inclusive do meu e-mail de qualquer lista de marketing"
        r"\binclusive\s(?:o\s|do\s)?(?:meu\s)?(?:e-?mail|endereco(?:\sde\se-?mail)?)\s(?:de|das|da)\s"
        r"(?:qualquer|todas\sas|todas|as)\s(?:lista|listas)\b",
        r"\bapag\w+\so\smeu\s(?:endereco|e-?mail|contacto|contato)\b",
        # "que o meu endereço de correio eletrónico seja eliminado de todas as vossas bases de dados"
        r"\b(?:endereco(?:\sde\s(?:correio\seletronico|e-?mail)|\seletronico)?|e-?mail)\sseja\s(?:eliminad|apagad|removid"
        r"|retirad|excluid)o\s(?:de|da|das|do|dos)\s(?:todas\s|todos\s)?(?:as\s|os\s)?(?:vossas?\s|suas?\s)?(?:lista|listas"
        r"|bases?|mailing|ficheiros?|registos?|registros?)\b",
        r"\bnao\sme\s(?:seja|sejam)\s(?:mais\s)?enviad[ao]s?\s(?:mais\s)?(?:qualquer|nenhuma|nenhum|mais)\s(?:comunicac"
        r"|e-?mail|mensage|newsletter|promoc|publicidade)",
        r"\bnao\s(?:e\spreciso|precisa\w*)\s(?:de\s)?continuar\w*\s(?:a\s)?(?:me\s)?(?:enviar|mandar|envia|manda)(?:-me|ndo)?\b",
        r"\bnao\sfaz\s(?:mais\s|muito\s)?sentido\s(?:para\smim\s|pra\smim\s)?(?:continuar\sa\s)?receber\s(?:estas|estes"
        r"|essas|esses|as|os|vossas|vossos|suas|seus)\s(?:[a-z-]+\s)?(?:mensagens|e-?mails|emails|newsletters?|promocoes"
        r"|ofertas|comunicacoes|boletins|novidades)\b",
        r"\b(?:revogo|retiro|revogar|retirar)\s(?:o\s(?:meu\s)?|meu\s)consentimento\b[^!?]{0,100}"
        r"\b(?:marketing|newsletter|e-?mails?|comunicacoes|publicidade|promocoes|ofertas)",
        r"\b(?:cessem|cesse|cessar|parem|parar)\s(?:imediatamente\s)?(?:tais|os|estes|esses|com\sos"
        r"|com\sesses)\s(?:envios|emails|e-mails)\b",
        r"\b(?:remover|retirar|tirar|sair)\sde\stodas\sas\slistas\b",
        r"\b(?:cancelar|anular)\s(?:todas\sas\s)?(?:minhas\s)?(?:subscricoes|subscricao|inscricoes)\b",
        r"\b(?:deixem|parem)\sde\sme\s(?:mandar|enviar)\b",
        r"\bnao\s(?:me\s)?(?:enviem|envie|mandem|mande|contatem|contactem|escrevam|mandarem|enviarem"
        r"|contactarem|contatarem)\b[^.!?]{0,30}\bmais\b",
        r"\bnunca\smais\sme\s(?:enviem|envie|mandem|mande|contatem|contactem|escrevam)\b",
        r"\b(?:remova|removam|retire|retirem|tire|tirem|exclua|excluam|descadastre|descadastrem|apague"
        r"|apaguem)-me\b",
        r"\bme\s(?:remova|removam|tire|tirem|tira|tiram|exclua|excluam|descadastre|descadastrem|retire"
        r"|retirem"
        r"|remover|descadastrar)\b",
        r"\b(?:descadastrar-me|cancelar\sa\s(?:minha\s)?(?:inscricao|subscricao))\b",
        r"\bnao\s(?:quero|desejo)\s(?:mais\s)?(?:receb(?!\w*\s" + _PT_COUNT + r")|ser\scontactad"
        r"|ser\scontatad)",
        r"\b(?:parem|para|pare|parar|parasse|parassem)\sde\s(?:me\s)?(?:enviar|mandar|contatar|contactar"
        r"|escrever|encher)",
        r"\bnao\s(?:me\s)?(?:enviar|mandar)\smais\s(?:e-?mails|emails|mensagens|newsletters?|correios"
        r"|promocoes)\b",
        r"\bchega\sde\s(?:e-?mails|mensagens|newsletters|spam|propaganda)\b",
        # "não quero mais e-mails, nem SMS": the mail wanted no more, the verb left out
        r"\bnao\s(?:quero|queremos|desejo)\smais\s(?:(?:os|as|estes|estas|esses|essas|vossos|seus|suas)\s)?(?:e-?mails"
        r"|emails|mails|newsletters?|mensagens|promocoes|propaganda|comunicacoes)\b",
        r"\bnao\s(?:pretendo|gostaria\sde|preciso\sde|quero)\s(?:continuar\sa\s)?receber\b(?!\s"
        + _PT_COUNT
        + ")",
        r"(?<!para\s)\bdeixar\sde\sreceber\b",
        r"(?<!para\s)\bnao\s(?:receber|recebe-los|recebe-las)\smais\b",
        r"\b(?:remover|retirar|excluir|tirar|apagar)-me\b",
        r"\b(?:retirem|removam|apaguem|excluam|tirem|retire|remova|apague|exclua|descadastrem|descadastre"
        r"|remove|tira|apaga|exclui)\s(?:o\s)?(?:meu|este|esse)\s(?:e-?mail"
        r"|endereco"
        r"|contacto|contato)\b",
        r"\b(?:sair|ser\sremovid[oa])\s(?:da|desta|dessa|de\ssua|de\svossa|de\stodas\sas|das)\slistas?\b",
        r"\b(?:tirar|remover|retirar|excluir|apagar)\s(?:o\s)?(?:meu|este|esse)\s(?:e-?mail|contato|contacto)\b",
        r"\b(?:direito\sde\soposicao|oponho-me|me\soponho)\b[^.!?]{0,80}\b(?:marketing|publicidade"
        r"|publicitari\w*|comercia\w*)",
        r"\bdescadastr\w*\b[^.!?]{0,60}\b(?:continuo\s(?:a\sreceber|recebendo)|ainda\srecebo"
        r"|continuam\s(?:a\s)?(?:enviar|mandar|enviando|mandando))",
        r"\b(?:quero|gostaria\sde|desejo|pretendo)\sser\s(?:descadastrad|removid|retirad|excluid)[oa]s?\b",
        r"\b(?:cancel|anul)\w{0,6}\s(?:a\s)?(?:minha\s)?(?:subscricao|inscricao)\s(?:d[aoe]s?"
        r"|n[ao]s?)\s[^.!?]{0,30}?(?:newsletter"
        r"|boletim|lista|mailing|e-?mail|comunicac)",
        r"\b(?:cancelem|anulem|cancele|anule)\s(?:a\s)?(?:minha\s)?(?:subscricao|inscricao)\b",
        r"\b(?:deixem-me|me\sdeixem|deixe-me|me\sdeixe)\sem\spaz\b",
        r"\bnao\s(?:precisam|precisa|e\spreciso)\s(?:de\s)?(?:me\s)?(?:escrever|enviar|mandar)(?:-me)?\b"
        r"[^.!?]{0,30}\bmais\b",
        # "Já agora, dispenso a newsletter por email"
        r"\bdispenso\s(?:(?:a|as|o|os|essa|essas|esse|esses|vossa|vossas|sua|suas)\s|(?=futur|proxim))"
        r"(?:(?:futuros?|futuras?|proximos?|proximas?)\s)?(?:boletins|boletim|newsletters?|e-?mails|emails"
        r"|mensagens|promocoes|comunicacoes|novidades)\b",
        # "não precisa mais me mandar esses e-mails"
        r"\bnao\s(?:precisam|precisa|e\spreciso)\smais\s(?:me\s)?(?:escrever|enviar|mandar)(?:-me)?\s(?:esses?\s|estes?\s"
        r"|os?\s|essas?\s|estas?\s|as?\s)?(?:e-?mails?|emails?|mensagens|newsletters?|comunicacoes|novidades)\b",
        r"\b(?:deix(?:e|em|ar)\sde\sser|nao\sseja\smais)\s(?:utilizad|usad)[oa]s?\spara\b[^.!?]{0,20}"
        r"\b(?:envio|publicidade"
        r"|marketing|propaganda)",
        # "não vale a pena continuarem a enviar-me"
        r"\bnao\s(?:vale\sa\spena|faz\s(?:muito\s)?sentido)\s(?:continuar(?:em)?\sa\s)?(?:enviar(?:em)?-me|mandar(?:em)?-me|me\s(?:enviar(?:em)?|mandar(?:em)?))\b",
    ),
    "nl": (
        # "Ik hoef die nieuwsbrief eigenlijk niet meer"
        r"\b(?:ik\s)?hoef\s(?:die|de|deze|uw|jullie)\s(?:[a-z-]+\s)?(?:nieuwsbrie\w*|mails|e-?mails|mailtjes|herinneringen"
        r"|aanbiedingen)\s(?:[a-z]+\s){0,2}(?:niet|nie)\smeer\b",
        r"\bzet\s(?:me|mij)\s(?:(?:maar|gerust|dan|aub|graag)\s)*(?:van|uit)\s(?:de|uw|jullie)\s[a-z]{0,20}(?:lijst"
        r"|bestand)\s?af\b",
        rf"\bzet\s(?:me|mij)\s(?:(?:ook|{_NL_SOFT}|gerust|dan|graag)\s){{0,3}}uit\s(?:de|uw|jullie|die|deze)\s[a-z-]{{0,20}}"
        r"(?:nieuwsbrie\w*|mailinglijst|mailing|verzendlijst)\b",
        # "jullie aanbiedingen mogen voortaan in jullie eigen mailbox blijven"
        r"\b(?:aanbiedingen|mails|e-?mails|nieuwsbrie\w*|reclame)\smogen\s(?:voortaan\s|gerust\s)*(?:in\sjullie\seigen"
        r"\s(?:mailbox|inbox)|bij\sjullie)\sblijven\b",
        # "Die mails mogen stoppen, ik print ze toch altijd uit"
        r"\b(?:die|deze|de|uw|jullie)\s(?:[a-z]+-?)?(?:e-?)?mail(?:s|tjes)\smogen\s(?:(?:wat\smij\sbetreft|nu|dus|voortaan"
        r"|wel|gerust|echt)\s){0,3}(?:stoppen|ophouden|wegblijven)\b",
        # "..., inclusief mijn e-mailadres uit al uw mailinglijsten"
        r"\binclusief\s(?:mijn\s)?e-?mailadres\suit\s(?:al\s|alle\s)?(?:uw\s|jullie\s)?(?:mailinglijst\w*"
        r"|verzendlijst\w*|lijst\w*)",
        r"\bmijn\s(?:e-?mail)?adres\suit\s(?:uw|jullie|het|de)\s[a-z]+\s(?:te\s)?(?:verwijderen|halen|schrappen)\b",
        # "Zoudt u ervoor willen zorgen dat deze mails stoppen?"
        r"\b(?:ervoor|er\svoor)\s(?:willen\s|kunnen\s)?zorgen\sdat\s(?:deze|die|de|uw|jullie)\s(?:mails|e-?mails"
        r"|nieuwsbrie\w*|berichten)\s(?:stoppen|ophouden|niet\smeer\s(?:komen|binnenkomen))\b",
        # "hou aub op met mailen"
        r"\b(?:hou|houd|houden)\s(?:(?:aub|a\.u\.b|alsjeblieft|alstublieft|nou|eens|toch|gewoon|nu|jullie|u|maar|even"
        r"|ff|dan)\s)*op\smet"
        r"\s(?:mailen|e-?mailen|sturen|spammen|die\s(?:mails|e-?mails|nieuwsbrie\w*))\b",
        r"\b(?:nieuwsbrie\w*|[a-z-]*mails|mailtjes|aanbiedingen|promoties|reclame)\s(?:mogen|mag|kunnen|kan)\s(?:(?:voortaan"
        r"|wat\smij\sbetreft|gerust|wel|dus|ook)\s){0,3}achterwege\s(?:blijven|gelaten\sworden)\b",
        r"\b(?:mij|me|ons)\s(?:(?:voortaan|dus|ook|dan|gewoon|verder)\s){0,2}geen\s[a-z-]{2,30}\smeer\s(?:te\s)?(?:mailen"
        r"|e-?mailen)\b",
        r"\b(?:mij|me|ons)\s(?:(?:voortaan|dus|ook|dan|gewoon|verder)\s){0,2}geen\s(?:promoties|aanbiedingen|acties|reclame"
        r"|nieuwsbrie\w*|[a-z-]*mails|mailtjes|berichten)\smeer\s(?:te\s)?(?:sturen|toesturen|zenden)\b",
        # "die nieuwsbrief-mails hoeven voor mij niet meer"
        r"\b(?:nieuwsbrie\w*|mails|e-?mails|berichten|mailtjes)\s(?:hoeven|hoeft)\s(?:voor\smij\s|van\smij\s)?(?:echt\s)?niet\smeer\b",
        r"\bniet\smeer\snodig\s(?:om\s)?(?:mij|me)\s[^.!?]{0,30}\bte\s(?:sturen|mailen|zenden)\b",
        r"\b(?:mij|me)\s(?:daarvan|ervan|hiervan|daar|er)\s?af\s?(?:halen|te\shalen|zetten)\b",
        r"(?:^|[.!:]\s)geen\s(?:e-?mails?|mails|mailtjes|nieuwsbrie\w*)(?:,\s?geen\s[^.!?,]{1,25}){0,4}"
        r"(?:,?\s(?:en|of)\sgeen\s[^.!?,]{1,25})?\smeer\b",
        r"\b(?:mij|me|ons)\s(?:(?:dus|ook|dan|echt|toch|gewoon|voortaan)\s){0,3}(?:niet\smeer|nooit\smeer)\s(?:(?:iets|wat)\s)?"
        r"(?:te\s)?(?:mailen|e-?mailen|toesturen|benaderen|sturen|mailt|e-?mailt|stuurt|toestuurt|benadert)\b",
        r"\b(?:trek|trekken|intrekken|ingetrokken)\b[^!?]{0,20}\btoestemming\b[^!?]{0,80}\b(?:nieuwsbrie"
        r"|e-?mails?|mails|marketing|reclame|aanbieding|berichten)",
        r"\btoestemming\b[^!?]{0,80}\b(?:nieuwsbrie|e-?mails?|mails|marketing|reclame)[^!?]{0,30}"
        r"\b(?:in|intrekken|in\ste\strekken)\b",
        r"\bbezwaar\b[^!?]{0,80}\b(?:direct\smarketing|direct\-?marketing|reclame|nieuwsbrie)",
        r"\b(?:mij|me|ons|mijn\s(?:e-?mail)?adres)\s(?:daarom\s|dus\s|graag\s|alsnog\s|toch\s)?(?:uit|van)\s"
        r"(?:de|uw|jullie)\s(?:verzendlijst|mailinglijst"
        r"|mailinglist|e-?maillijst)\b",
        r"\bstuur\s(?:me|mij|ons)\s(?:[a-z]{1,12}\s){0,2}(?:geen|niets|niks|nooit)\b[^.!?]{0,30}\bmeer\b",
        # "haal me van", "haal me alsjeblieft van deze lijst af", "haal me er ff af", "haal me eraf"
        rf"\bhaal\s(?:me|mij|ons)\s(?:{_NL_SOFT}\s){{0,3}}(?:van|uit|(?:er|ervan)(?:\s{_NL_SOFT}){{0,3}}\s?af)\b",
        # "mij nooit meer e-mail te sturen", "ons geen nieuwsbrieven meer toe te sturen"
        r"\b(?:mij|me|ons)\s(?:nooit\smeer|geen)\s(?:[a-z-]{1,15}\s){0,2}?(?:e-?mails?|mails?|nieuwsbrie\w*"
        r"|berichten|reclame)\s(?:meer\s)?(?:toe\s)?(?:te\s)?(?:sturen|zenden|toesturen|toezenden)\b",
        # "willen jullie stoppen met mailen?", "u mag stoppen met mij te mailen"
        r"\b(?:jullie|u|je)\s(?:[a-z]{1,12}\s){0,2}stoppen\smet\s(?:mij\s|me\s|ons\s)?(?:te\s)?e?-?mailen\b",
        r"\b(?:dit|ons|mijn|het)\s(?:e-?mail)?adres\s(?:uit|van)\s(?:de|uw|jullie)\s(?:verzendlijst|mailinglijst"
        r"|mailinglist|e-?maillijst|lijst)\b",
        r"\bstuur\s(?:me|mij|ons)\s(?:[a-z]{1,15}\s){0,3}(?:liever\s)?niet\smeer\b",
        r"\b(?:mij|me|ons)\sniet\slanger\s[^.!?]{0,30}\b(?:te\s)?(?:sturen|mailen|toesturen|contacteren)\b",
        r"\bverwijder\s(?:me|mij|mijn\s(?:e-?mailadres|adres|gegevens))\b",
        r"\b(?:mij|me)\s(?:van|uit)\s[^.!?]{0,40}\b(?:halen|verwijderen|schrappen|afhalen)\b",
        r"\b(?:mij|me|ons)\s(?:[a-z.]+\s){0,3}(?:schrappen|verwijderen|uitschrijven)\s(?:van|uit)\b",
        r"\bschrap\s(?:me|mij|ons|mijn\s(?:e-?mailadres|adres|naam))\b",
        r"\bschrijf\s(?:me|mij)\s(?:a\.?u\.?b\.?\s|alstublieft\s|aub\s)?uit\b",
        r"\bik\s(?:wil|wens)\b[^.!?]{0,40}\b(?:afmelden|uitschrijven|geen\s[a-z-]{0,16}(?:e-?mails?|mails?|berichten"
        r"|nieuwsbrie(?:f|ven))"
        r"|niet\smeer\s(?:gemaild|ge-?maild|benaderd|ontvangen))\b",
        r"\bik\swil\s[^.!?]{0,20}\b(?:niks|niets)\smeer\b[^.!?]{0,30}\b(?:mailbox|inbox|mail)",
        r"\b(?:inbox|mailbox)\s[^.!?]{0,20}\bvol\s(?:te\s)?(?:spammen|stoppen|proppen)\b",
        r"\bgeen\s(?:[a-z-]{1,20}\s)?[a-z-]{0,16}(?:e-?mails?|mails?|berichten|nieuwsbrie(?:f|ven)|mailtjes"
        r"|reclame)\smeer\b",
        r"\bnooit\s(?:meer|weer)\s(?:te\s)?(?:mailen|e-?mailen|sturen|contacteren|benaderen)\b",
        r"\b(?:mij|me|ons)\s(?:dus\s)?geen\s[^.!?]{0,50}\bmeer\s(?:toe\s)?te\s(?:mailen|e-?mailen|sturen|toesturen"
        r"|versturen|zenden)\b",
        r"(?<!om\s)\b(?:liever\sniet|niet\smeer)\s[^.!?]{0,30}\b(?:ontvangen|krijgen|toegestuurd\skrijgen)\b",
        r"\b(?:kap|kappen|stop|stoppen|hou\sop|houd\sop|ophouden)\s(?:nou\s|eens\s|toch\s"
        r"|nu\s)?met\s(?:die\s|de\s|jullie\s"
        r"|uw\s)?(?:spam|mails"
        r"|e-?mails|mailtjes|berichten|nieuwsbrieven)\b",
        r"\b(?:hou|houd|houden|stop)\s(?:op\s|(?:nou\s|nu\s|toch\s)?(?:eens\s)?op\s)?met\s(?:mailen|e-?mailen|mij\s(?:te\s)?mailen"
        r"|sturen"
        r"|het\ssturen|me\s(?:te\s)?mailen)\b",
        r"\bmeld\s(?:me|mij)\s[^.!?]{0,30}\baf\b",
        r"\b(?:mij|me)\s(?:graag\s|a\.?u\.?b\.?\s|alstublieft\s)?(?:afmelden|uitschrijven|verwijderen)\b",
        r"\bstop\s(?:met\s)?(?:mailen|e-?mailen|sturen|het\ssturen)\b",
        r"\b(?:hou|houd|houden)\s(?:op|eens\sop)\smet\s(?:die\s|de\s|jullie\s|uw\s)?(?:spam|mails|e-?mails"
        r"|mailtjes|berichten)\b",
        r"\b(?:maak|teken)\s(?:ik\s)?bezwaar\b[^!?]{0,80}\b(?:marketing|reclame|direct\smarketing)",
        r"\b(?:me|mij)\s[^.!?]{0,20}\b(?:afgemeld|uitgeschreven)\b[^.!?]{0,60}\b(?:(?:krijg"
        r"|ontvang)\sik\s(?:nog|toch)|nog\ssteeds|nog\saltijd)",
        r"\b(?:mij|me)\s(?:uit\ste\sschrijven|af\ste\smelden|te\sverwijderen)\b",
        r"\b(?:niks|niets)\smeer\s[^.!?]{0,30}\bontvangen\b",
        r"\b(?:die|deze|de|jullie|uw)\s[a-z]{0,12}(?:mails|e-?mails|nieuwsbrieven|berichten)\s(?:hoeven"
        r"|hoef\sik)\s(?:niet\smeer|niet)\b",
        r"\b(?:dit|mijn|ons|het)\s(?:e-?mail-?)?adres\s(?:[a-z]{1,12}\s)?(?:uit\ste\sschrijven|af\ste\smelden"
        r"|te\sverwijderen|uitschrijven|afmelden|verwijderen)\b",
        r"\bgeen\sbehoefte\s(?:meer\s)?aan\b[^.!?]{0,50}(?:mails?|e-?mails?|nieuwsbrie\w*|berichten"
        r"|mailtjes)\b",
        r"\bniet\smeer\s(?:naar\s)?(?:mij|me|ons)\s(?:te\s)?(?:sturen|mailen|e-?mailen|toesturen)\b",
        r"\b(?:mij|me|ons)\sniet\smeer\ste\s(?:mailen|e-?mailen|contacteren|benaderen|sturen)\b",
        r"\bhaal\s(?:mijn|ons)\s(?:e-?mail-?)?adres\s(?:uit|van)\b",
        r"\bstop\s(?:nou\s|eens\s|toch\s)?met\s(?:die|de|deze|jullie|al\sdie|al\sdeze)\s(?:[a-z-]{1,20}\s)?"
        r"[a-z-]{0,16}(?:e-?mails|mails|mailtjes|berichten|nieuwsbrieven|reclame)\b",
        r"\bgeen\s[a-z-]{0,16}(?:verzoeken|uitnodigingen|herinneringen|mails|e-?mails|berichten|aanbiedingen)"
        r"\smeer\s(?:te\s)?(?:sturen|mailen|toesturen|versturen)\b",
        r"\bik\shoef\s(?:die|deze|de|jullie|uw)\s[a-z]{0,12}(?:mails?|e-?mails?|nieuwsbrie(?:f|ven)|berichten"
        r"|mailtjes)\s(?:niet\s)?meer\b",
        r"\b(?:(?:hoeft|hoeven)\s(?:u|jullie|je)|(?:u|jullie|je)\s(?:hoeft|hoeven))\s(?:mij|me|ons)"
        r"\s(?:niets|niks|geen\s[a-z]+)\smeer\s(?:te\s)?(?:sturen|mailen|toesturen)\b",
        r"\b(?:hou|houd)\s(?:nou\s|nu\s|toch\s)?(?:eens\s)?op\smet\s(?:die\s|de\s|jullie\s|uw\s|al\sdie\s)?(?:spam"
        r"|mails|e-?mails|mailtjes|berichten|nieuwsbrieven)\b",
        # "het heeft geen zin meer om mij die mails te sturen"
        r"\b(?:heeft|het\sheeft)\s(?:echt\s)?geen\s(?:zin|nut)\s(?:meer\s)?(?:om\s)?(?:mij|me|ons)\s[^.!?]{0,40}\bte\s(?:sturen|mailen|zenden)\b",
    ),
}
# --- free-text requests to be put (back) on the mail: an opt-in, which a confirmation request still has to
# prove. AGAIN asks for the mail back and needs no noun ("could you add me back?", "graag weer aanmelden");
# JOIN asks to join and counts only in a sentence that names the mail (SUBSCRIBE_NOUNS).
SUBSCRIBE_AGAIN: dict[str, str] = {
    "en": r"\b(?:(?:add|put|sign|pop|stick)\s(?:me|us)\sback|re-?subscribe\s(?:me|us)|re-?add\s(?:me|us)"
    r"|reinstate\s(?:me|us)|(?:get|receive|have)\s(?:them|it|the\snewsletter)\sagain"
    r"|back\son\s(?:the|your)\s(?:list|mailing|newsletter))\b",
    "fr": r"\b(?:me\s|nous\s)?(?:reinscrire|reabonner|reinscrivez|reabonnez|remettre\ssur|me\sremettre"
    r"|remettez[\s-]moi)\b"
    r"|\brecevoir\sa\snouveau\b|\ba\snouveau\srecevoir\b",
    "de": r"\bwieder\s(?:an(?:zu)?melden|aufnehmen|aufzunehmen|eintragen|einzutragen|hinzufugen"
    r"|abonnieren|bekommen|erhalten|in\s(?:den|die|ihren|euren)\s(?:verteiler|liste|newsletter))\b"
    r"|\b(?:melden|tragen|nehmen)\s(?:sie|ihr)\smich\swieder\b",
    "es": r"\b(?:volver\sa\s(?:suscribir\w*|recibir|darme\sde\salta|apuntar\w*|inscribir\w*|agregar\w*"
    r"|anadir\w*)|resuscribir\w*|(?:suscrib|apunt|inscrib|agreg)\w*\s(?:otra\svez|de\snuevo|nuevamente)"
    r"|de\salta\s(?:otra\svez|de\snuevo|nuevamente))\b",
    "it": r"\b(?:reinserit\w*|reinserir\w*|reinseri[rt]e|reiscriver\w*|reiscrivet\w*|riiscriver\w*"
    r"|rimettetemi|rimettermi|rimettere\sil\smio\sindirizzo"
    r"|riiscrivet\w*|riscriver\w*|riscrivet\w*|tornare\sa\s(?:ricevere|iscriver\w*)"
    r"|di\snuovo\s(?:iscritt\w*|nella\snewsletter))\b",
    "pt": r"\b(?:voltar\sa\s(?:receber|inscrever\w*|subscrever|assinar|incluir\w*)|reinscrever\w*"
    r"|voltem\sa\s(?:inscrever|enviar|mandar|incluir)\w*"
    r"|(?:inscrev|cadastr|inclu|subscrev)\w*(?:-me)?\s(?:de\snovo|novamente|outra\svez)"
    r"|(?:colocar|por|botar)(?:-me)?\sde\svolta)\b",
    "nl": r"\b(?:(?:weer|opnieuw)\s(?:aanmelden|inschrijven|toevoegen|ontvangen|aan\ste\smelden)"
    r"|meld\s(?:me|mij)\s(?:weer|opnieuw)\saan|zet\s(?:me|mij)\s(?:weer|terug)\sop"
    r"|(?:me|mij)\s(?:weer\s|opnieuw\s)?terug\s(?:inschrijven|aanmelden|toevoegen|op\sde\slijst\szetten))\b",
}
SUBSCRIBE_JOIN: dict[str, str] = {
    "en": r"\b(?:(?:add|put|sign)\s(?:me|us)\s(?:up|on|onto|to)"
    # "Could you add me please? It's this address."
    r"|(?:could|can|would)\syou\s(?:please\s)?add\s(?:me|us)(?:\s(?:back|too|as\swell))?(?:\s(?:please|pls))?(?=\s*[?.!]|$)|subscribe\s(?:me|us)|(?:like|love|want)\sto"
    r"\s(?:receive|get|join|subscribe|be\sadded)|(?:can|could)\si\s(?:get|receive|join|subscribe))\b",
    "fr": r"\b(?:inscrivez|abonnez|ajoutez)[\s-]moi\b|\bm'(?:inscrire|abonner|ajouter)\b"
    r"|\b(?:voudrais|aimerais|souhaite|souhaiterais)\s(?:la\s|les\s)?recevoir\b",
    "de": r"\b(?:mich|uns)\s[^.!?]{0,40}\b(?:eintragen|anmelden|aufnehmen|hinzufugen)\b"
    # "Bitte wieder für den Newsletter anmelden!"
    r"|\bbitte\s(?:wieder|erneut)\s(?:[a-z-]+\s){0,4}(?:anmelden|eintragen|aufnehmen)\b"
    r"|\bbitte\s(?:fur|in)\s(?:den|die|das)\s[a-z-]{0,20}(?:newsletter|rundbrief|verteiler)\s(?:wieder\s)?(?:anmelden"
    r"|eintragen|aufnehmen)\b"
    r"|\b(?:nehmen|tragen)\s(?:sie|ihr)\s(?:mich|uns)\s[^.!?]{0,40}\b(?:auf|ein)\b"
    r"|\b(?:mochte|wurde|will|hatte)\s(?:gerne?\s)?[^.!?]{0,40}\b(?:bekommen|erhalten|abonnieren)\b",
    "es": r"\b(?:suscribirme|suscribanme|darme\sde\salta\sen|apuntarme|apuntenme|inscribirme|agregarme"
    r"|anadirme|(?:gustaria|quisiera|quiero)\srecibir"
    r"|me\s(?:podeis|pueden|puedes|podrian|podriais)\s(?:apuntar|suscribir|inscribir|agregar|anadir"
    r"|dar\sde\salta))\b",
    "it": r"\b(?:iscrivermi|iscrivetemi|aggiungetemi|aggiungermi|inseritemi|inserirmi|mettetemi"
    r"|mi\s(?:iscrivete|aggiungete|inserite|(?:potete|potreste)\s(?:iscrivere|aggiungere|inserire))"
    r"|(?:vorrei|voglio|desidero)\s(?:ricevere|iscrivermi))\b",
    "pt": r"\b(?:inscrever-me|me\sinscrever|inscrevam-me|me\sinscrevam|me\sinscreva|subscrever|assinar"
    r"|me\scadastr\w+|cadastrar-me|(?:quero|gostaria\sde|queria)\sreceber"
    r"|(?:me\scolocar|colocar-me|me\sincluir|incluir-me)\sna\s(?:vossa\s|sua\s)?lista)\b",
    "nl": r"\b(?:meld\s(?:me|mij)\s(?:maar\s)?aan|(?:mij|me)\s(?:ook\s|graag\s|even\s)?(?:aanmelden"
    r"|inschrijven"
    r"|toevoegen)"
    r"|(?:wil|zou)\s(?:graag\s)?(?:(?!geen\b|niet\b|niets\b|niks\b)[^.!?]){0,30}\bontvangen)\b",
}
# The mail a JOIN request must name, or the address it is for ("Inscrivez-moi avec cette adresse").
SUBSCRIBE_NOUNS = (
    r"\b(?:[a-z-]*newsletter\w*|mailing(?:\s?list)?|(?:e-?mail|distribution|your)\slist|e-?mails|bulletin"
    r"|infolettre|lettre\s(?:d'information|d'info|du\sclub)|liste\sde\sdiffusion|vos\slistes?|verteiler"
    r"|rundbrief|boletin|lista\sde\s(?:correo|distribucion|distribuicao|e-?mails?|contatos|voces)|vossa\slista|nieuwsbrief"
    r"|mailinglijst|informativo|circolare|this\s(?:e-?mail\s)?address|cette\sadresse|diese[rm]?\sadresse"
    r"|este\s(?:correo|endereco)|questo\sindirizzo|dit\s(?:e-?mail)?adres|in\slista)\b"
)
# A request taken back in the same message ("Stop... actually no, keep sending them") is unclear.
RETRACTION: dict[str, str] = {
    "en": r"\b(?:actually\s(?:no|don'?t|keep)|or\sactually|never\s?mind"
    r"|(?<!n't\s)(?<!not\s)(?<!dont\s)(?:like|want|wish)\sto\s(?:keep|continue)\sreceiving"
    r"|(?<!need\sto\s)keep\s(?:sending|them\scoming|it\scoming|'em\scoming)"
    r"|on\ssecond\sthoughts?|leave\sme\son\s(?:it|the\slist|there)|just\skidding|wrong\s(?:chat|thread|person|conversation|email)|ignore\sthis"
    r"|leave\s(?:it|everything|things)\s(?:for\snow\s)?as\s(?:it\sis|is|they\sare)"
    r"|let\sme\s(?:think\sabout\sit|have\sa\sthink|reconsider)"
    r"|forget\s(?:it|that|what\si\ssaid)|ignore\s(?:that|my\slast)|(?:or\s)?no,?\swait"
    r"|wait,?\s(?:no|nope)\b(?!\s(?:more|longer|emails?|mails?|thanks))"
    r"|(?<!n't\s)(?<!not\s)(?<!dont\s)(?<!never\s)keep\sme(?![\s-]*(?:off|out|away|posted|informed|updated)))\b",
    "fr": r"\b(?:enfin\snon|ou\splutot|laissez\scomme\sca|non,?\sattendez|en\sfait,?\sgardez"
    r"|(?<!ne\s)(?<!pas\s)gardez[-\s]moi(?![-\s](?:hors|en\sdehors|loin|a\sl'ecart))"
    r"|finalement\snon|en\sfait\snon|non,?\sen\sfait|non\slaissez|laissez\stomber"
    r"|laissez[-\s]moi\s(?:dessus|sur\sla\sliste|inscrite?|abonnee?)"
    r"|(?<!n')oubliez|(?<!n')ignorez|(?:c'|n')?etait\spas\spour\svous|ne\stenez\spas\scompte"
    r"|ce\smessage\setait\sdestine"
    r"|je\sme\ssuis\strompee?|trompee?\sde\s(?:conversation|destinataire)"
    r"|continuez\sa\s(?:m'|me\s|les\s|nous\s)?(?:envoyer|les\senvoyer))\b",
    # ("doch nicht" ending its clause, not "ich werde ja doch nicht bestellen")
    "de": r"\b(?:doch\s(?:nicht|ned|net|nit)(?!\s[a-z]{3,}(?:en|ern|eln)\b)"
    r"|oder\seigentlich|lieber\snicht|vergessen\ssie\s(?:das|es)"
    r"|vergiss\sdas|ach\snein,?\swarte"
    r"|lassen\ssie\s(?:es|alles)\s(?:(?:erstmal|erst\smal|vorerst|lieber|bitte)\s)?(?:wie\ses\sist|so)"
    r"|ich\s(?:uberlege|uberleg)\s(?:es\s)?mir\s(?:das\s)?(?:noch|nochmal)|nein,?\swarten\ssie"
    r"|vergiss\ses"
    r"|war\snur\sein\sscherz|falsche[rn]?\s(?:chat|empfanger|unterhaltung)|ignorieren\ssie\s(?:das|meine)"
    r"|behalten\ssie\smich(?!\snicht)"
    r"|war\sfur\s(?:einen|eine|ein)\sander"
    r"|(?:schicken|senden)\ssie\s(?:ruhig\s|bitte\s)?weiter|weiter\s?(?:schicken|senden))\b",
    "es": r"\b(?:mejor\sno|o\sen\srealidad|(?<!no\s)quiero\sseguir\srecibiendo|en\srealidad\sno\s(?:lo\s)?se"
    r"|pensandolo\s(?:bien|mejor)|(?:bueno\s)?no,?\sesper(?:a|ad|en)|no\simporta|olvidenlo|olvidalo|bueno\sno"
    r"|dej(?:a|ad|en|e)lo\scomo\s(?:esta|estaba)|dej(?:a|ad|en|e)lo\sasi|bueno,\sno\b"
    r"|olvide\slo\sque|me\sequivoque|(?<!no\s)(?:mantenedme|mantenganme|dejadme\sen\sla\slista)"
    r"|ignoren\s(?:este|el)\smensaje|(?:mensaje|chat|grupo)\sequivocad[oa]"
    r"|(?<!que\sme\s)(?<!que\snos\s)(?<!no\sme\s)(?<!no\snos\s)"
    r"sigan\s(?:mandando|enviando|mandandol|enviandol)\w*)\b",
    "it": r"\b(?:anzi\sno|o\smeglio(?!\sancora)|lasciate\s(?:tutto\s)?(?:cosi|com'e)|no,?\saspettate"
    r"|ripensandoci|lasciate\sstare|lascia\sstare"
    r"|continuate\spure|pensavo\sfosse|lasciate\sperdere|non\simporta|scherzavo"
    r"|dimenticate(?:lo)?"
    r"|ho\ssbagliato|no\saspetta|(?<!non\s)ignorate|(?:messaggio|chat|gruppo)\ssbagliat[oa]"
    r"|(?:(?<![a-z]\s)|(?<=anzi\s)|(?<=no\s)|(?<=pure\s))continuate\sa\s(?:mandar|inviar)\w*)\b",
    "pt": r"\b(?:alias\snao|melhor\snao|ou\smelhor|ou\sna\sverdade|continuem\sa\s(?:enviar|mandar)"
    r"|deix(?:a|em|e)\scomo\s(?:esta|estava)|nao,?\sesper(?:a|em)"
    r"|pensando\sbem|(?<!nao\s)quero\scontinuar\sa\sreceber"
    r"|(?<!nao\s)continuem\s(?:enviando|mandando)"
    r"|deixa\spra\sla|deixem\sestar|esquecam|esquece\sisso|era\sbrincadeira|me\senganei|enganei-me"
    r"|conversa\serrada|(?:lugar|chat|grupo|contato)\serrado|mandei\serrado|foi\smal)\b",
    "nl": r"\b(?:toch\smaar\sniet|laat\smaar|of\snee|of\seigenlijk|laat\s(?:het\s|alles\s)?(?:maar\s)?zo"
    r"|nee,?\swacht|blijf\s(?:ze\s|het\s)?(?:maar\s)?sturen"
    r"|vergeet\shet|grapje"
    r"|verkeerde\s(?:chat|persoon|gesprek|app)|negeer\s(?:dit|dat|mijn))\b",
}
# The mail said to be fine in a reply that asks to cancel something: the plan, not the mail, is meant
# ("I want to unsubscribe from Plus ... the emails are fine, I don't mind those"; "das Plus-Abo
# abbestellen, NICHT den Newsletter!"). Unclear, for a human.
KEEPS_THE_MAIL = (
    r"\b(?:(?:the|your|these)\s)?(?:e-?mails|newsletters?)\s(?:are|is)\s(?:(?:totally|perfectly|absolutely)\s)?"
    r"(?:fine|ok|okay|no\sproblem)\b|\bi\sdon'?t\smind\s(?:the\s|your\s)?(?:e-?mails|newsletters?|those)\b"
    r"|,\s?nicht\s(?:den|die|ihren|ihre)\s(?:newsletter|e-?mails|mails)\s?(?:!|\.|$)"
    r"|\b(?:but|pero|mais|aber|ma|mas|maar)\s(?:not|no|pas|nicht|non|nao|niet)\s(?:from\s|del?\s|de\sla\s|dalla\s|da\s"
    r"|van\s|vom\s|aus\sdem\s)?(?:(?:the|el|la|le|los|las|les|den|dem|die|il|i|gli|a|o|os|as|de|het)\s)?(?:newsletter|boletin|nieuwsbrief|e-?mails"
    r"|correos|mails)\b"
    r"|\b(?:den|ihren)\snewsletter\s(?:(?:lese|mag)\sich\s(?:sehr\s)?gerne?|(?:behalte|will)\sich\s(?:behalten|weiter))\b"
    r"|\b(?:los|sus|vuestros)\s(?:correos|e-?mails|boletines)\s(?:me\sdan\sigual|estan\sbien|no\sme\smolestan)\b"
    r"|\b(?:les|vos)\s(?:e-?mails|mails|newsletters?)\sne\sme\sderangent\spas\b"
    r"|\b(?:de|uw|jullie)\s(?:nieuwsbrie(?:f|ven)|mails|e-?mails)\s(?:wil|zou)\sik\s(?:[a-z]+\s){0,2}wel\s(?:blijven\s)?"
    r"(?:ontvangen|krijgen|houden)\b"
    # "De nieuwsbrief blijf ik natuurlijk graag lezen!"
    r"|\b(?:de|uw|jullie)\s(?:nieuwsbrie(?:f|ven)|mails|e-?mails)\sblijf\sik\s(?:[a-z]+\s){0,2}(?:lezen|ontvangen|krijgen)\b"
)
# "But" someone who reads this address wants to keep the mail ("io queste email non le voglio più, ma mia
# suocera ... vuole continuare a riceverle"), or the writer some of it ("maar de aanbiedingen voor
# zakelijke klanten wil ik wel blijven krijgen"): whose wish wins, and for which mail, is for a human.
ANOTHER_READER_KEEPS = (
    r"\b(?:but|mais|aber|pero|ma|mas|maar)\s[^.!?]{0,80}\b(?:"
    r"(?:she|he|they)\s(?:still\s)?(?:wants?|would\slike|likes?)\sto\s(?:keep|continue)\s(?:getting|receiving|to\sget|to\sreceive)"
    r"|veut\s(?:continuer\sa|toujours)\s(?:les\s)?recevoir"
    r"|(?:will|mochte|mag)\s[^.!?]{0,30}\bweiter(?:hin)?\s(?:bekommen|erhalten|lesen|haben)"
    r"|quiere\s(?:seguir\s(?:recibiendo|leyendo)|recibirlos\sigual)"
    r"|vuole\s(?:continuare\sa\s(?:ricever|legger)|ancora\sricever)"
    r"|quer\s(?:continuar\sa\s?(?:receb|ler)|continuar\s(?:recebendo|lendo))"
    r"|wil\s[^.!?]{0,30}\b(?:blijven\s(?:ontvangen|krijgen|lezen)|wel\s(?:blijven\s)?(?:ontvangen|krijgen)))"
)
# A threat is not yet a request ("if you keep sending four a day I will unsubscribe"): unclear.
CONDITIONAL: dict[str, str] = {
    "en": r"\bif\syou\s(?:keep|continue|carry\son|don'?t\sstop|do\snot\sstop)\b|\botherwise\si(?:'ll"
    r"|\swill)\b"
    r"|\bi(?:'ll|\swill)\s(?:have\sto\s)?(?:unsubscribe|opt\sout)\b"
    r"|\bif\si\s(?:get|receive)\s(?:one\smore|another|any\smore)\b"
    r"|\bone\smore\b[^.!?]{0,40}\band\si(?:'m|\sam|'ll|\swill)?\s(?:unsubscrib|opt|out|gone|done)",
    # ("Sinon je ne souhaite plus ..." opening a sentence is "apart from that", not "or else")
    "fr": r"\bsi\svous\s(?:continuez|ne\sarretez\spas|(?:m'|me\s)?(?:re)?envoyez\sencore)\b"
    r"|(?<!^)\bsinon\sje\b"
    r"|\bje\svais\sme\s(?:desabonner"
    r"|desinscrire)\b"
    r"|\bencore\sun\b[^.!?]{0,40}\bet\sje\sme\s(?:desabonne|desinscri)"
    r"|\bsi\s(?:je\s|j'(?:en\s)?|j'?en\s)(?:re)?recois\sencore\b|\bsi\sje\scontinue\sa\srecevoir\b",
    "de": r"\bwenn\s(?:sie|ihr)\s(?:weiter|nicht\saufhor|so\sweiter)|\bsonst\s(?:melde|werde|trage)\sich\b"
    r"|\bnoch\s(?:so\s)?(?:eine?|1)\b[^.!?]{0,40}\bund\sich\s(?:melde|bin|trage)|\bwenn\sich\snoch\s",
    "es": r"\bsi\s(?:siguen|continuan|me\ssiguen|no\sparan|no\sdejan|me\svuelven\sa)\b"
    r"|\bvoy\sa\s(?:dar(?:me)?\sde\sbaja|desuscribirme|cancelar)\b"
    r"|\bcomo\s(?:me\s)?(?:llegue|lleguen|vuelva|vuelvan|manden|envien|escriban)\b"
    r"|\buna?\smas\b[^.!?]{0,40}\by\s(?:me\s)?(?:doy|borro|salgo|desuscribo|cancelo|bajo)\b",
    "it": r"\bse\s(?:continuate|non\ssmettete|mi\smandate\sancora)\b|\baltrimenti\smi\b"
    r"|\bancora\suna?\b[^.!?]{0,40}\be\smi\s(?:disiscrivo|cancello)",
    "pt": r"\bse\s(?:continuarem|continuar|nao\spararem)\b|\bvou\s(?:cancelar|me\sdescadastrar"
    r"|descadastrar)\b"
    r"|\bsenao\s(?:vou|eu)\b|\bmais\sum\b[^.!?]{0,40}\be\s(?:eu\s)?(?:me\s)?(?:descadastro|cancelo|saio)",
    "nl": r"\b(?:als|indien)\s(?:jullie|u|je)\s(?:zo\s)?(?:doorgaan|door\sgaan|blijven\s(?:sturen|mailen))\b"
    r"|\banders\s(?:meld|schrijf|ga)\sik\b|\bnog\s(?:een|1)\b[^.!?]{0,40}\ben\sik\s(?:meld|schrijf)",
}
# A negation just before a request ("please don't unsubscribe me") cancels it.
NEGATION_BEFORE: dict[str, str] = {
    "en": r"(?:\bnot|\bnever|n't|\bdont)\b(?!\shesitate)|\bunder\sno\scircumstances\b|\bby\sno\smeans\b",
    "fr": r"\b(?:pas|jamais)\b(?!\sa\s)|\ben\saucun\scas\b|\b(?:cherche|compte|pense|tiens|songe)\spas\sa\b",
    "de": r"\b(?:nicht|nie|niemals)\b(?!\smehr)|\bkeinen\sfall\b|\bkeinsten\b",
    "es": r"\b(?:no|nunca)\b(?!\sdud)|\ben\sningun\scaso\b|\bde\sninguna\smanera\b"
    r"|\bni\sse\s(?:te|os|le|les)\socurr\w*|\bni\s(?:de|en)\sbroma\b",
    "it": r"\b(?:non|mai)\b(?!\sesit)|\bin\snessun\scaso\b|\bper\snessun\smotivo\b",
    "pt": r"\b(?:nao|nunca)\b(?!\shesit)|\bde\s(?:forma|maneira)\salguma\b|\bem\scaso\salgum\b",
    "nl": r"\b(?:niet|nooit)\b(?!\s(?:meer|langer))|\bin\sgeen\sgeval\b",
}
# "I am not, at this stage, asking you to stop contacting me": the request is named, not made.
# Searched, anchored at its end, in the text just before a request.
NOT_ASKING: dict[str, str] = {
    "en": r"\b(?:not|n't)\b[^.!?;:]{0,30}\b(?:asking|requesting|telling)\s(?:you\s|u\s)?(?:to\s)?$",
    "fr": r"\bne\s(?:vous\s)?(?:demande|dis)\s(?:pas|point)\s(?:encore\s)?(?:de\s|d')?$",
    "de": r"\b(?:bitte|verlange|fordere)\s(?:ich\s)?(?:sie\s|euch\s)?(?:noch\s)?nicht\s(?:darum\s)?,?\s?$",
    "es": r"\bno\s(?:les?\s|os\s)?(?:pido|estoy\spidiendo|solicito)\s(?:todavia\s|aun\s)?(?:que\s)?$",
    "it": r"\bnon\s(?:vi\s|le\s|ti\s)?(?:chiedo|sto\schiedendo)\s(?:ancora\s)?(?:di\s)?$",
    "pt": r"\bnao\s(?:lhes?\s|vos\s)?(?:peco|estou\sa\spedir|estou\spedindo|solicito)\s(?:ainda\s)?"
    r"(?:que\s)?$",
    "nl": r"\b(?:vraag|verzoek)\s(?:ik\s)?(?:u\s|jullie\s|je\s)?(?:nog\s)?niet\s(?:om\s)?$",
}
# German and Dutch put the verb last or the negation after it ("mich nicht abmelden", "verwijder mij niet"):
# these are searched in the match and just after it.
NEGATION_INSIDE: dict[str, str] = {"de": r"\bnicht\b(?!\smehr)", "nl": r"\bniet\b(?!\s(?:meer|langer))"}
# Someone else asks through the writer: "She'd like to stop getting the newsletters", "que no le manden
# más". Unclear, unless the text says this mailbox is that person's (THEIR_MAILBOX): then it is their own
# opt-out, typed by someone else.
THIRD_PERSON_STOP: dict[str, str] = {
    "en": r"\b(?:she|he)(?:'d|\swould|\swants|\swishes)\s(?:like\s)?to\s(?:stop|unsubscribe|be\sremoved"
    r"|be\staken\soff)"
    r"|\b(?:she|he)\s(?:doesn't|does\snot|no\slonger)\s(?:want|wish|need)s?\s(?:to\s(?:receive|get)\s)?(?:the|these"
    r"|your|any|those)\s(?:[a-z-]+\s){0,2}(?:e-?mails|newsletters?|mails|messages|offers)\b",
    "fr": r"\b(?:il|elle)\sne\s(?:veut|souhaite|desire)\splus\s(?:recevoir|de\s(?:vos|ces)|vos|ces)\b",
    "de": r"\b(?:er|sie)\s(?:mochte|will|wunscht)\s(?:[a-z]+\s){0,3}keine\s(?:[a-z-]+\s)?(?:mails|e-?mails"
    r"|newsletter"
    r"|angebote|werbung|nachrichten)\s(?:mehr|zu)\b(?=[^.!?]{0,80}\b(?:ihr|sein|ihre|seine)\b)",
    "es": r"\bque\sno\sle\s(?:manden|envien|mande|envie|escriban)\b"
    r"|(?<!\bsi\s)\bno\sdesea\s(?:seguir\s)?recib"
    r"|\bya\sno\squiere\s(?:que\sle\s(?:llegue|lleguen"
    r"|manden|envien)|recibir)\b",
    "it": r"\bnon\s(?:vuole|desidera)\spiu\sricevere\b",
    # (es/pt "no desea recibir" after "si" is a footer's own wording: "Si no desea recibir más ...")
    "pt": r"\b(?:ela|ele)\s(?:ja\s)?nao\s(?:quer|deseja)\s(?:mais\s)?receber\b"
    r"|\bnao\s(?:lhe|a|o)\s(?:enviem|mandem)\smais\b",
    "nl": r"\b(?:hij|zij|ze)\swil\s(?:[a-z]+\s){0,3}(?:geen|niet\slanger)\s(?:[a-z-]+\s)?(?:mails|e-?mails"
    r"|nieuwsbrie\w*|aanbiedingen|reclame)\b",
}
THEIR_MAILBOX = (
    r"\b(?:it'?s|this\sis|that'?s)\s(?:her|his|their)\s(?:own\s)?(?:e-?mail\s)?(?:address|account|inbox|mailbox|email)\b"
    r"|\bc'est\s(?:son|sa)\s(?:adresse|boite|mail|e-?mail|messagerie)\b"
    r"|\b(?:das|dies)\sist\s(?:ihr|sein|ihre|seine)\s(?:e-?mail-?)?(?:postfach|adresse|konto|account|mail)\b"
    r"|\b(?:este|esta)\ses\s(?:su|el\ssuyo)\s(?:correo|cuenta|direccion|email)\b"
    r"|\bquest[ao]\se\s(?:la\ssua|il\ssuo)\s(?:mail|e-?mail|indirizzo|casella)\b"
    r"|\b(?:este|esta)\se\so\s(?:email|e-?mail|endereco)\s(?:dela|dele)\b|\be\so\s(?:e-?mail|endereco)\s(?:dela|dele)\b"
    r"|\b(?:dit|het)\sis\s(?:haar|zijn)\s(?:e-?)?(?:mail)?(?:adres|box|account)\b"
    # The writer runs that person's mail or diary for them ("I look after Mr Harcourt's correspondence",
    # "de cuya agenda me ocupo", "de quem sou assistente"): the assistant answers for the mailbox.
    r"|\b(?:look\safter|manage|handle|run|deal\swith)\s(?:(?:mr|mrs|ms|dr|prof)\.?\s)?[a-z'-]+(?:'s|\s[a-z'-]+'s)"
    r"\s(?:correspondence|inbox|mailbox|e-?mails?|diary)\b"
    r"|\b(?:executive\s|personal\s)?(?:assistant|pa|secretary)\sto\s(?:mr|mrs|ms|dr|prof|sir|dame|the\s)"
    r"|\bon\s(?:his|her)\sbehalf\b"
    r"|\b(?:look\safter|manage|handle|run)\s(?:his|her|their)\s(?:e-?mail\s)?(?:account|inbox|mailbox|correspondence)\b"
    r"|\bc'est\smoi\squi\sgere\s(?:desormais\s)?(?:sa|son)\s(?:boite|messagerie|adresse|courrier|compte)"
    r"|\b(?:yo\s)?le\s(?:manejaba|manejo|llevaba|llevo|gestionaba|gestiono)\sel\scorreo\b"
    r"|\bik\sbeheer\s(?:nog\s(?:even\s)?)?(?:zijn|haar)\s(?:mailbox|e-?mail|mail|inbox|correspondentie)\b"
    r"|\bdont\sje\s(?:gere|m'occupe\sde|tiens)\s(?:l'agenda|la\scorrespondance|la\smessagerie|la\sboite|le\scourrier)"
    r"|\b(?:dessen|deren)\s(?:e-?mail-?)?(?:postfach|korrespondenz|e-?mails|termine|sekretariat)\sich\s(?:betreue"
    r"|verwalte|fuhre|bearbeite)\b"
    r"|\bde\scuy[ao]\s(?:agenda|correspondencia|correo|cuenta|buzon)\sme\s(?:ocupo|encargo)\b"
    r"|\bdi\scui\s(?:curo|gestisco|seguo)\s(?:la\scorrispondenza|la\scasella|la\sposta|l'agenda)"
    r"|\bde\squem\ssou\s(?:assistente|secretari[ao])\b"
    r"|\b(?:wiens|wier)\s(?:correspondentie|mailbox|agenda|e-?mail|post)\sik\s(?:beheer|behandel|verzorg)\b"
)
# A removal from the list whose object is "him", "her" or "it", and no "me" or "us" in the sentence:
# whom it means is said before ("Mr Barbosa has left us. Please remove him" against "info@ is our
# shared mailbox. Please remove it").
THIRD_PERSON_OBJECT = (
    r"\bque\s(?:o|a|lo|la)\s(?:retir|remov|tir|exclu|descadastr|apag|quit|borr|elimin|sac)\w*"
    r"|\b(?:retir|remov|tir|exclu|descadastr|apag)\w*-(?:o|a|lo|la|no|na)\b"
    r"|\b(?:quit|borr|elimin|sac|retir)(?:ad|en|ar|e|a)l[oa]\b"
    r"|\b(?:togli|rimuov|cancell|elimin|lev)(?:ete|ate|ere|are|er|ar)l[oa]\b"
    r"|\b(?:le|la)\s(?:retirer|retirez|enlever|enlevez|supprimer|supprimez|desinscrire|desabonner|rayer)\b"
    r"|\b(?:retirez|enlevez|supprimez|desinscrivez|desabonnez)-(?:le|la)\b"
    r"|\b(?:remove|take|drop|unsubscribe|delete)\s(?:him|her|it)\b"
    r"|\b(?:haal|verwijder|schrijf)\s(?:hem|haar)\b"
    r"|\b(?:entfernen|loschen|streichen|nehmen|tragen|melden)\s(?:sie|ihr)\s(?:ihn|sie(?=\s(?:bitte\s)?(?:aus|von)\s))\b"
    # "wilt u haar van de lijst halen?"
    r"|\b(?:hem|haar)\s(?:ook\s|even\s|graag\s|alstublieft\s|aub\s)*(?:van|uit)\s(?:de|uw|jullie|het)\s[a-z]{0,20}"
    r"(?:lijst|bestand|verzendlijst|mailinglijst|nieuwsbrief)\s(?:af\s)?(?:halen|verwijderen|schrappen|afhalen)\b"
    # "quiero dar de baja a Rocky del seguro", "dar de baja a mi madre" (not "a partir de hoy", "a mi correo")
    r"|\bdar\sde\sbaja\sa\s(?!partir|tod[oa]s?\b|(?:mi|este|esta|mis|estos)\s(?:correo|email|e-mail|direccion"
    r"|cuenta|suscripcion)|esta\s(?:direccion|cuenta))[a-z]+"
)
# The same with a pronoun that may also mean the mail ("sie" is her or the newsletters, "lo" the car or
# the bulletin): someone or something else only when what came before names a person, or names no mail.
PRONOUN_OBJECT = (
    r"\bsie\s(?:bitte\s)?(?:auch\s)?(?:abmelden|austragen|entfernen|loschen|streichen|rausnehmen)\b"
    r"|\b(?:lo|la|los|las)\s(?:(?:quiero|quisiera|queremos|quisieramos|vamos\sa|voy\sa|tengo\sque|hay\sque)\s)?"
    r"dar\sde\sbaja\b|\bdarl[oa]s?\sde\sbaja\b"
    # "denlo de baja a él": the pronoun, then the person it means
    r"|\b(?:den|dad|de)(?:lo|la|los|las)\sde\sbaja\b"
)
# "quiten su dirección de la lista", "togliere il suo indirizzo": his or her address, once a relative has
# been named (_pronoun_object); alone, "su dirección" may be the reader's "your".
# His or her address, in the languages where the possessive cannot also mean "your" (Spanish "su", Italian
# "la sua" can): "Merci de retirer son adresse de vos envois".
THEIR_ADDRESS = (
    r"\bson\s(?:adresse|e-?mail|courriel)\b|\bsein\w*\s(?:e-?mail-?)?adresse\b"
    r"|\b(?:zijn|haar)\s(?:e-?mail)?adres\b|\b(?:his|her)\s(?:e-?mail\s)?address\b|\bo\s?endereco\s(?:dele|dela)\b"
)
POSSESSIVE_OBJECT = (
    r"\b(?:su|sus)\s(?:direccion|correo|e-?mail|cuenta\sde\scorreo)\b|\b(?:il\ssuo|il\sloro)\s(?:indirizzo|contatto)\b"
    r"|\bla\ssua\s(?:e-?mail|mail|casella)\b|" + THEIR_ADDRESS
)
FIRST_PERSON = (
    r"\b(?:me|mi|moi|mich|mij|nos|nous|uns|ons|ci|my|our|us|mon|ma|mes|mio|mia|meu|minha|mijn|mein\w*"
    r"|nuestr\w*|nosso\w*|notre|nostr\w*|unser\w*|onze)\b|-(?:me|nos)\b|[a-z](?:dme|nme|temi|teci|dnos)\b"
)
# Words that name an address or a mailbox, in the sentence before such a removal.
ADDRESS_WORDS = (
    r"\b(?:address|adresse|adres|e-?mailadres|direccion|indirizzo|endereco|mailbox|inbox|postfach|casella"
    r"|caixa|buzon|account|cuenta|conta|konto)\b"
)
# Someone else's mail: not the sender's own opt-out; a human decides.
THIRD_PARTY: dict[str, str] = {
    "en": r"\b(?:my|our)\s(?:husband|wife|son|daughter|mother|mum|mom|father|dad|partner|brother|sister|kids?"
    r"|child|children|friend|colleague|boss|parents?|late)\b"
    r"(?!\s(?:set|signed|gave|made|created|registered|installed|helped|showed|told)\b)"
    r"|\b(?:unsubscribe|remove)\s(?:him|her|them)\b"
    r"|\b(?:he|she)(?:'d|\s(?:does|doesn't|no\slonger|wants|would))\b|\bto\s(?:him|her)\b"
    r"|\bhis\s(?:e-?mails?|mail|stuff|account|address)\b",
    "fr": r"\b(?:mon|ma|mes|notre|nos)\s(?:mari|femme|epouse|fils|fille|mere|pere|conjoint|conjointe"
    r"|compagnon"
    r"|compagne|enfants?|frere|soeur|collegue)\b|\b(?:il|elle)\sne\s(?:veut|souhaite)\b"
    r"|\b(?:le|la)\s(?:desinscrire|desabonner|retirer|supprimer|rayer|enlever)\b"
    r"|\ba\squitte\s(?:notre|la|l'|cette)\s?(?:societe|entreprise|cabinet|service|etude)\b",
    "de": r"\b(?:mein|meine|meinen|meinem|meiner|unser|unsere|unseren|unserem|unserer)\s(?:mann|frau"
    r"|ehemann|ehefrau|sohn|tochter|mutter|vater"
    r"|partner|partnerin|bruder|schwester|kinder|kollege|kollegin)\b"
    r"|\bihn\s(?:bitte\s)?(?:abmelden|austragen|entfernen|loschen|streichen)\b"
    r"|\b(?:hat|haben)\s(?:das|unser)\s(?:unternehmen|haus|buro)\s[^.!?]{0,20}verlassen\b"
    r"|\bnicht\smehr\sbei\suns\s(?:beschaftigt|tatig)\b|\bseine\s(?:e-?mail-?)?adresse\b"
    r"|\bnicht\smehr\sin\sunserem\s(?:unternehmen|haus|team)\b",
    "es": r"\b(?:mi|mis|nuestro|nuestra|nuestros|nuestras)\s(?:marido|esposo|esposa|mujer|hijo|hija"
    r"|madre|padre|pareja|hermano|hermana|hijos|colega"
    r"|companero|companera|amigo|amiga)\b"
    r"|\b(?:denle|darle|darla|darlo)\b|\bbaja\s(?:a\s)?su\s(?:direccion|correo|email|e-mail|cuenta)\b"
    r"|\b(?:ya\sno\strabaja|dejo\sde\strabajar|ha\sdejado\sla\sempresa|dejo\sla\sempresa)\b",
    "it": r"\b(?:mio|mia|mie|miei|nostro|nostra|nostri)\s(?:marito|moglie|figlio|figlia|madre|padre"
    r"|compagno|compagna|fratello"
    r"|sorella|figli|collega|amico|amica)\b|\b(?:cancellatelo|cancellatela|rimuovetelo|rimuovetela"
    r"|disiscrivetelo"
    r"|disiscrivetela|disiscriverlo|disiscriverla|cancellarlo|cancellarla|rimuoverlo|rimuoverla)\b"
    r"|\b(?:non\slavora\spiu|ha\slasciato\s(?:l'azienda|la\ssocieta|lo\sstudio))\b"
    r"|\b(?:mandargli|inviargli|scrivergli|a\slui)\b",
    "pt": r"\b(?:meu|minha|meus|minhas|nosso|nossa|nossos)\s(?:marido|esposa|mulher|filho|filha|mae|pai"
    r"|companheiro|companheira"
    r"|irmao|irma|filhos|colega|amigo|amiga)\b|\b(?:remova-o|remova-a|removam-no|removam-na)\b"
    r"|\b(?:descadastra-lo|descadastra-la|remove-lo|remove-la|retira-lo|retira-la)\b"
    r"|\b(?:ja\snao\strabalha|deixou\sa\s(?:empresa|nossa\sempresa)|deixou\sde\s(?:colaborar|trabalhar))\b"
    r"|\b(?:pra|para)\s(?:ele|ela)\b"
    r"|\b(?:dele|dela)\b",
    "nl": r"\b(?:mijn|onze|ons)\s(?:man|vrouw|zoon|dochter|moeder|vader|partner|broer|zus|kinderen|collega"
    r"|vriend|vriendin)\b|\b(?:hem|haar)\s(?:afmelden|uitschrijven|verwijderen)\b|\buit\sdienst\b"
    r"|\bnaar\s(?:hem|haar)\b|\bzijn\s(?:mails|e-?mails|post)\b",
}
# Words about opting out that, without a clear request, leave the message for a human to read.
# What follows "the list of / for" when the list is the mail's ("la lista de correo", "da lista de
# e-mails", "lista per favore", "lista de vocês"); any other ("la lista del autobús", "van de lijst voor
# de overblijf") is some other list.
# Dutch and German run a kind of mail into one word: "de reclamemails", "Werbemails", "actiemails".
MAIL_COMPOUND = (
    r"(?:reclame|werbe|promo|marketing|nieuwsbrief|newsletter|spam|info|rund|actie|aanbiedings?)-?mails?"
)
LIST_OF_MAIL = (
    r"(?:favore|favor|favour|piacere|cortesia|voces|vos|vous|ustedes|vosotros|you|u|jullie|ihnen|euch"
    r"|sempre|toujours|siempre|immer|altijd)\b"
    r"|(?:(?:the|la|le|les|el|los|il|lo|gli|o|os|a|as|de|het|onze|uw|jullie)\s|l'|d')?(?:e-?mails?|mail|mails|"
    + MAIL_COMPOUND
    + r"|mailing|newsletters?|nieuwsbrie\w*|subscribers|contacts?|correo|correos|envio|envios|distribucion"
    r"|difusion|boletin\w*|suscriptores|contactos|diffusion|courriels?|envois?|distribution|abonnes"
    r"|lettre|infolettre|posta|invi[oi]|distribuzione|contatti|iscritti|diffusione|correio|distribuicao"
    r"|divulgacao|comunicac\w*|assinantes|contatos|verzend\w*|ontvangers|e-?mailadressen"
    r"|novedades|noticias|novidades|novita|nouveautes|actualites|neuigkeiten|nieuws|news|updates)\b"
)
OPT_OUT_WORDS: dict[str, str] = {
    "en": r"\b(?:unsubscrib\w*|opt[\s-]?out|opting\sout|do\snot\se-?mail"
    r"|(?:off|from)\s(?:all\s(?:of\s)?)?(?:your|the|this)\s(?:mailing\s)?lists?)\b",
    "fr": r"\b(?:desabonn\w*|desinscri\w*|de\s(?:votre|la|cette)\sliste)\b",
    "de": r"\b(?:abmeld\w*|abzumelden|auszutragen|abgemeldet|austrag\w*|abbestell\w*"
    r"|aus\s(?:dem|ihrem|eurem)\s[a-z-]{0,16}verteiler)\b",
    "es": r"\b(?:de\sbaja(?!\s(?:medica|laboral|por|(?:mi|la|el|un|una)\s(?:linea|contrato|cuenta"
    r"|tarjeta|seguro"
    r"|poliza|plan|numero|telefono|movil|coche|vehiculo|servicio|abono|membresia|matricula|domiciliacion"
    r"|recibo|mandato|cargo|pedido|reserva|cita|cuota)))"
    r"|desuscri\w*|de\s(?:su|la|esta|vuestra)\slista)\b",
    "it": r"\b(?:disiscri\w*|dalla\s(?:vostra\s|vs\s)?(?:lista|mailing\slist|newsletter)"
    r"|(?:cancellazione|rimozione)\s(?:da|dalla|dalle|dai)\s(?:tutte\s)?(?:le\s)?(?:vostre\s)?(?:liste"
    r"|lista|mailing"
    r"|newsletter))\b",
    "pt": r"\b(?:descadastr\w*|d[ae]\s(?:sua\s|vossa\s)?lista)\b",
    "nl": r"\b(?:afmeld\w*|uitschrijv\w*|uitgeschreven|afgemeld"
    r"|van\s(?:de|jullie|uw)\s(?:lijst|mailinglijst))\b",
}
# Greetings a keyword may follow on its own line ("Hola, BAJA. Gracias."), or a polite question.
GREETINGS = (
    "hi",
    "hello",
    "hey",
    "dear sir or madam",
    "good morning",
    "bonjour",
    "bonsoir",
    "salut",
    "hallo",
    "guten tag",
    "moin",
    "servus",
    "hola",
    "buenos dias",
    "buenas tardes",
    "buenas",
    "ciao",
    "buongiorno",
    "salve",
    "ola",
    "oi",
    "bom dia",
    "boa tarde",
    "hoi",
    "goedemorgen",
    "goedemiddag",
    "dag",
    "goedendag",
    "beste",
    "gruezi",
)
# A question that is a polite request ("Could you please remove me?") is still a request.
POLITE_QUESTION = (
    r"^(?:p\.?\s?s\b\.?:?\s?)?(?:(?:" + "|".join(GREETINGS) + r")\b[^.!?]{0,30}?\s)?"
    r"(?:(?:so|and|but|then|also|et|und|y|e|en)\s)?(?:please\s)?"
    r"(?:(?:can|could|would|will)\s(?:you|u|somebody|someone)\b|(?:pourriez|pouvez|pourrais"
    r"|peux)[\s-](?:vous|tu)\b"
    r"|(?:vous|tu)\s(?:pourriez|pouvez|pourrais|peux)\b"
    r"|(?:konnen|konnten|wurden|chond|chonnd|chonntet|chonted)\ssie\b|(?:konnt|konntet|konnen|chond|chonnd|chonntet"
    r"|chonted)\sihr\b"
    r"|da\s(?:pra|para)\b|tem\scomo\b"
    r"|(?:(?:me|nos|mi|ci)\s)?(?:pueden|podrian|puede|podria|podeis|podriais|puedes|podrias)\b|(?:(?:mi|ci)\s)?(?:potete|potreste|puoi|potresti)\b"
    r"|(?:mi|ci)\s(?:togli|levi|cancelli|rimuovi|elimini|disiscrivi)\b"
    r"|(?:podem|poderiam|pode|poderia)\b|(?:kunt|kun|kan|kunnen|zou|zoudt|zouden|wilt|willen|wil|mogen|moogt|mag)"
    r"\s(?:u|jullie|je|jij|ge|gij)\b"
    r"|mag\sik\b|you\s(?:can|could)\b|(?:would|do)\syou\smind\b|est-ce\sque\svous\s(?:pourriez|pouvez)\b"
    r"|(?:serait-il|est-il|est-ce)\spossible\b|serian\stan\samables\b|seria\sposible\b|sarebbe\spossibile\b"
    r"|seria\spossivel\b|zou\shet\smogelijk\b|ware\ses\smoglich\b)"
)
# Nearly did it, just before an opt-out phrase in the same clause: "I almost unsubscribed", "j'ai failli
# me désabonner", "ich hätte mich fast abgemeldet", "casi me doy de baja", "stavo per disiscrivermi",
# "quase me descadastrei", "ik had me bijna afgemeld".
NEARLY = (
    r"\b(?:almost|nearly|came\sclose\sto|failli|j'ai\spresque|a\sdeux\sdoigts\sd"
    r"|(?:hatte|ware|war)\s(?:[a-z]+\s){0,2}(?:fast|beinahe)|um\sein\shaar"
    r"|casi\sme|estuve\sa\spunto\sde|por\spoco\s(?:no\s)?me"
    r"|stavo\s(?:quasi\s)?per|per\spoco\s(?:non\s)?mi|quasi\smi"
    r"|quase\s(?:me|cancelei|descadastrei)|estive\s(?:quase\s)?(?:a\sponto\sde|para)|por\spouco\s(?:nao\s)?me"
    r"|(?:had|was|heb)\s(?:[a-z]+\s){0,3}bijna|stond\s(?:ik\s)?op\shet\spunt)\b"
)
# "Not interested (any more)": a reason, so its negation does not negate the request that follows.
NOT_INTERESTED = (
    r"\b(?:(?:i'?m\s|i\sam\s)?not\sinterested(?:\sany\s?more)?|non\smi\sinteress\w*(?:\spiu)?"
    r"|no\sme\sinteresa\w*(?:\smas|\sya)?|nao\sme\sinteressa\w*(?:\smais)?"
    r"|ne\sm'interesse\w*\s(?:plus|pas)|interessiert\smich\snicht(?:\smehr)?|interesseert\sme\sniet(?:\smeer)?)\b"
)
# "I don't want them any more" with "them" standing for the mail the sentence before named (English says
# "don't want them" of mail often enough to be a phrase of its own in DO_NOT_EMAIL).
_CLAUSE_ENDS = r"(?=\s*(?:[.!?,;:)]|$))"  # "ik wil ze niet meer missen" wants them
REFUSES_THEM: dict[str, str] = {
    "fr": r"\b(?:je\s|nous\s|on\s)?n'en\s(?:veux|voulons|veut)\s(?:plus|pas|aucun)\b(?:\sjamais|\sdu\stout)?"
    + _CLAUSE_ENDS,
    "de": r"\b(?:ich|wir)\s(?:will|mochte|mochten|wollen|brauche|brauchen)\s(?:sie|die|diese)\s"
    r"(?:echt\s|wirklich\s|einfach\s)?(?:nicht\smehr|nie\swieder)(?:\s(?:bekommen|erhalten|haben))?"
    + _CLAUSE_ENDS,
    "es": r"\b(?:ya\sno\s(?:los|las)\s(?:quiero|queremos|necesito)(?:\smas)?"
    r"|no\s(?:los|las)\s(?:quiero|queremos|necesito)\smas)(?:\srecibir)?" + _CLAUSE_ENDS,
    "it": r"\bnon\s(?:le|li)\s(?:voglio|vogliamo)\spiu(?:\sricevere)?" + _CLAUSE_ENDS,
    "pt": r"\b(?:ja\s)?nao\s(?:os|as)\s(?:quero|queremos)\smais(?:\sreceber)?" + _CLAUSE_ENDS,
    "nl": r"\b(?:ik|wij|we)\s(?:wil|willen|hoef|hoeven)\s(?:ze|die|deze)\s(?:echt\s|gewoon\s)?niet\s(?:meer"
    r"|langer)(?:\s(?:ontvangen|krijgen|hebben))?" + _CLAUSE_ENDS,
}
# Function words for the rare keyword shared by several languages ("STOP", "CANCELAR").
LANGUAGE_HINTS: dict[str, frozenset[str]] = {
    "en": frozenset(
        ["the", "and", "you", "your", "please", "thanks", "i", "my", "me", "to", "of", "is", "this"]
    ),
    "fr": frozenset(
        ["le", "la", "les", "merci", "vous", "je", "ne", "pas", "de", "des", "votre", "bonjour", "plus"]
    ),
    "de": frozenset(
        ["und", "die", "der", "das", "bitte", "ich", "sie", "nicht", "mit", "ihre", "danke", "keine"]
    ),
    "es": frozenset(["el", "los", "las", "por", "que", "gracias", "de", "mi", "hola", "mas", "favor", "su"]),
    "it": frozenset(["il", "che", "per", "grazie", "non", "di", "mi", "della", "piu", "ciao", "sono"]),
    "pt": frozenset(
        ["o", "os", "obrigado", "obrigada", "voce", "nao", "de", "que", "meu", "minha", "mais", "ola"]
    ),
    "nl": frozenset(
        ["de", "het", "een", "en", "ik", "niet", "graag", "mijn", "van", "geen", "meer", "bedankt"]
    ),
}

# --- automated replies: Subject phrases (normalised) --------------------------------------------------
OUT_OF_OFFICE_SUBJECTS = (
    "out of office",
    "out-of-office",
    "out of the office",
    "automatic reply",
    "auto-reply",
    "auto reply",
    "autoreply",
    "absence du bureau",
    "absent du bureau",
    "absente du bureau",
    "reponse automatique",
    "abwesenheitsnotiz",
    "automatische antwort",
    "abwesend",
    "respuesta automatica",
    "fuera de la oficina",
    "risposta automatica",
    "fuori sede",
    "fuori ufficio",
    "resposta automatica",
    "ausente",
    "fora do escritorio",
    "automatisch antwoord",
    "afwezig",
    "afwezigheidsmelding",
)

# --- where the customer's own words end ------------------------------------------------------------------
# Attribution lines: (lead word, verb phrase), "On … wrote:", "Il giorno … ha scritto:", "Op … schreef …:".
ATTRIBUTION_LEADS = frozenset({"on", "le", "am", "el", "il", "em", "op", "no"})
ATTRIBUTION_VERBS = (
    "wrote",
    "a ecrit",
    "schrieb",
    "escribio",
    "ha scritto",
    "escreveu",
    "schreef",
    "het volgende geschreven",  # Apple Mail, Dutch
    "folgendes geschrieben",  # Yahoo Mail, German: "Am … hat X <x@y> Folgendes geschrieben:"
)
# Outlook's plain-text header block: "From: …" followed by "Sent: …", localised.
OUTLOOK_FROM = ("from:", "de:", "de :", "von:", "van:", "da:")
OUTLOOK_SENT = (
    "sent:",
    "date:",
    "envoye :",
    "envoye:",
    "date :",
    "gesendet:",
    "datum:",
    "enviado:",
    "enviado el:",
    "enviada em:",
    "enviada:",
    "enviado em:",
    "data:",
    "fecha:",
    "inviato:",
    "verzonden:",
    "verstuurd:",
)
FORWARD_MARKERS = (
    "begin forwarded message",
    "debut du message reexpedie",
    "anfang der weitergeleiteten nachricht",
    "inicio del mensaje reenviado",
    "inizio messaggio inoltrato",
    "inicio da mensagem reencaminhada",
    "begin doorgestuurd bericht",
)
SEPARATOR_WORDS = (
    "original",
    "origine",
    "ursprungliche",
    "forwarded",
    "weitergeleitete",
    "transfere",
    "reenviado",
    "inoltrato",
    "encaminhada",
    "doorgestuurd",
    "oorspronkelijk",
)
# Mobile and webmail signatures ("Sent from my iPhone", "Von meinem iPhone gesendet", …), as line prefixes.
MOBILE_SIGNATURES = (
    "sent from my ",
    "sent from outlook",
    "sent from yahoo",
    "sent from mail for",
    "sent from samsung",
    "sent via ",
    "get outlook for ",
    "envoye de mon ",
    "envoye depuis mon ",
    "envoye a partir de",
    "telechargez outlook",
    "telecharger outlook",
    "obtenir outlook",
    "von meinem ",
    "gesendet von meinem ",
    "gesendet von outlook",
    "outlook fur ",
    "enviado desde mi ",
    "enviado desde outlook",
    "enviado desde yahoo",
    "obtener outlook",
    "inviato da ",
    "inviato dal mio ",
    "scarica outlook",
    "enviado do meu ",
    "enviado de meu ",
    "enviado do outlook",
    "obter o outlook",
    "baixe o outlook",
    "verzonden met ",
    "verzonden vanaf mijn ",
    "verstuurd vanaf mijn ",
    "verstuurd met ",
    "outlook voor ",
)
# Closing lines that open a "closing + name" block.
CLOSINGS = frozenset(
    {
        "regards",
        "kind regards",
        "best regards",
        "warm regards",
        "best wishes",
        "best",
        "cheers",
        "sincerely",
        "yours sincerely",
        "yours faithfully",
        "yours truly",
        "thanks",
        "thank you",
        "many thanks",
        "cordialement",
        "bien cordialement",
        "bien a vous",
        "salutations",
        "sinceres salutations",
        "merci",
        "mit freundlichen grussen",
        "freundliche grusse",
        "viele grusse",
        "beste grusse",
        "liebe grusse",
        "gruss",
        "grusse",
        "mfg",
        "lg",
        "saludos",
        "un saludo",
        "saludos cordiales",
        "atentamente",
        "gracias",
        "cordiali saluti",
        "distinti saluti",
        "saluti",
        "grazie",
        "atenciosamente",
        "cumprimentos",
        "melhores cumprimentos",
        "obrigado",
        "obrigada",
        "abraços",
        "abracos",
        "met vriendelijke groet",
        "met vriendelijke groeten",
        "vriendelijke groet",
        "groeten",
        "groetjes",
        "mvg",
        "bedankt",
    }
)

# --- a request in the customer's own words: three cues in one sentence ----------------------------------
# Phrase lists cannot foresee "I'd appreciate it if you could spare me these emails" or "ich wäre Ihnen
# verbunden, wenn Sie mir diese Rundschreiben künftig ersparen könnten". A sentence that asks
# (REQUEST_CUES), names the mail (MAIL_CUES) and wants it to cease (CESSATION_CUES) is a do-not-email
# request, unless it says the mail already stopped arriving (MISSING_MAIL: that customer wants more).
# Chat and phonetic spellings read as the word meant, in the sentences searched for requests ("ya no
# kiero resibir sus correos").
CHAT_SPELLINGS: dict[str, str] = {
    "kiero": "quiero",
    "qiero": "quiero",
    "resibir": "recibir",
    "resivir": "recibir",
    "recivir": "recibir",
    "naum": "nao",
}
REQUEST_CUES: dict[str, str] = {
    "en": r"\b(?:please|pls|plz|kindly|(?:i|we)'?d\s(?:rather|appreciate|prefer|like)"
    r"|(?:i|we)\swould\s(?:rather|appreciate|prefer|like)|would\syou|could\syou|can\syou|(?:i|we)\s(?:ask|request|want"
    r"|wish)"
    # "I should be grateful if you would no longer send me ...", "we'd be most obliged if ..."
    r"|(?:i|we)(?:'d|\swould|\sshould)\sbe\s(?:(?:most|very|really|so)\s)?(?:grateful|obliged|thankful))\b",
    "fr": r"\b(?:merci\sde|je\svous\ssaurais\sgre"
    r"|serait-il\spossible|est-il\spossible|je\svous\sserais|veuillez|pourriez|pouvez"
    r"|je\ssouhaite|je\sprefere|je\sveux"
    r"|je\svoudrais"
    r"|s'il\svous\splait|svp|stp|bien\svouloir|je\svous\sremercie\s(?:donc\s|par\savance\s)?(?:de|d')|je\svous\sprie|je\svous\sdemande|j'aimerais|je\sprefererais"
    r"|nous\s(?:souhaitons|souhaiterions|voudrions|aimerions|preferons|prefererions|vous\sdemandons"
    r"|vous\sprions|vous\sserions))\b",
    "de": r"\b(?:bitte|ich\swurde\ses\sschatzen|ware\sihnen|waren\ssie|ich\smochte|ich\swill|konnten\ssie"
    r"|konntet\sihr"
    r"|wurde\smich\sfreuen"
    r"|ich\sbitte|ich\swunsche|mochte\sich|ich\shatte\sgern|ersuche|ersuchen|wir\sbitten|wir\smochten"
    r"|wir\swollen|wir\swurden\sgerne?|wir\swunschen|wir\shatten\sgerne?|mochten\swir)\b",
    "es": r"\b(?:por\sfavor|porfa|favor\sde|hagan?\sel\sfavor|serian\stan\samables|seria\sposible"
    r"|les\sagradeceria|agradeceria"
    r"|agradeceriamos|agradecemos|quisieramos|queremos|pedimos|rogamos|solicitamos|preferimos"
    r"|agradezco|quisiera|quiero|podrian|pueden"
    r"|les\spido|pedirles|pedirle|pediros|os\spido"
    r"|le\spido|les\sruego|le\sruego|prefiero|preferiria|solicito"
    r"|[a-z]{3,12}(?:adme|edme|idme|anme|enme|adnos|ednos|idnos|annos|ennos))\b",
    "it": r"\b(?:per\sfavore|per\scortesia|vi\ssarei|le\ssarei|vi\schiedo|potreste|potete|gradirei|vorrei"
    r"|voglio"
    r"|vi\sprego|(?:vi|la|le)\s(?:pregherei|chiederei)|preferirei|preferisco|chiedo|chiediamo|vorremmo|vogliamo|preferiremmo|gradiremmo"
    r"|vi\spreghiamo)\b",
    "pt": r"\b(?:por\sfavor|pfv|pf|agradecia|agradeceria|agradeco|gostaria|quero|podem|poderiam|peco|solicito"
    r"|prefiro|preferia|gostariamos|agradeceriamos|agradecemos|queremos|pedimos|solicitamos|preferimos)\b",
    "nl": r"\b(?:graag|gelieve|alstublieft|alsjeblieft|a\.?u\.?b|aub|zou\shet\sop\sprijs\sstellen"
    r"|mag\sik|wilt\su|zou\su|zoudt\su|zouden\sjullie"
    r"|kunt\su"
    r"|(?:zou|zouden|vind|vinden)\s(?:het\s)?(?:fijn|fijner|prettig|prettiger)\s(?:vinden\s)?(?:als|indien|wanneer)"
    r"|willen\sjullie|kunnen\sjullie|ik\sverzoek|verzoek\sik|ik\swil|ik\swens|liever|(?:wij|we)\s(?:willen"
    r"|verzoeken|wensen|vragen))\b",
}
MAIL_CUES: dict[str, str] = {
    "en": r"\b(?:(?:these|your|the|such|those|any|all|this|all\sthe"
    r"|all\sthese)\s(?:[a-z'-]{1,20}\s){0,2}(?:e-?mails|mails|messages"
    r"|newsletters?|mailings|communications|offers|promotions|circulars|updates|adverts|ads|bulletins?|digests?)"
    r"|e-?mail(?:ing)?\s(?:me|us)|mail(?:ing)?\s(?:me|us)|contact(?:ing)?\s(?:me|us)|(?:receive|receiving|get"
    r"|getting)\s(?:these|them|those)"
    r"|(?:to|at)\sthis\s(?:e-?mail\s)?address|(?:by|via)\se-?mail)\b",
    "fr": r"\b(?:(?:ces|vos|les|de\stels|tous\sces|toutes\sces)\s(?:[a-z-]{1,20}\s)?(?:mails|e-?mails"
    r"|courriels|messages|envois"
    r"|communications|newsletters|infolettres|offres|publicites|pubs)|m'?(?:adresser|envoyer|ecrire)"
    r"|nous\s(?:adresser|envoyer|ecrire)"
    r"|me\sfaire\sparvenir|(?:tout|aucun)\s(?:envoi|courriel|mail|e-?mail|message)|(?:cette|votre"
    r"|la)\s(?:lettre|newsletter|infolettre)"
    r"|a\scette\sadresse)\b",
    "de": r"\b(?:(?:diese|diesen|dieses|ihre|ihren|ihres|ihrer|eure|euren|eures|die|den|des|solche"
    r"|all\sdiese)\s(?:[a-z-]{1,20}\s)?[a-z-]{0,24}(?:mails"
    r"|e-?mails|nachrichten|newsletter"
    r"|rundschreiben"
    r"|rundmails|zusendungen|aussendungen|werbung|werbemails|angebote|aktionen|infos|information(?:en)?|mitteilungen"
    r"|rundbrief(?:e|s)?|newsletters|news)"
    r"|mir\s(?:zu\s)?(?:schicken|schreiben"
    r"|senden)|mir\s[^.!?]{0,40}\b(?:zuzusenden|zuzuschicken|zusenden|zuschicken)"
    r"|an\sdiese\s(?:e-?mail-?)?adresse)\b",
    "es": r"\b(?:a\seste\s(?:correo|e-?mail|buzon)(?!\s(?:personal|nuevo|privado|particular))"
    r"|(?:estos|estas|sus|los|las|esos|esas|vuestros|vuestras|tantos"
    r"|todos\sestos)\s"
    r"(?:[a-z-]{1,20}\s)?(?:correos|e-?mails|mails"
    r"|mensajes|boletines"
    r"|comunicados|anuncios|envios)|(?:enviarme|mandarme|escribirme"
    r"|(?:me|nos)\s(?:envien|manden|escriban|envieis|mandeis|escribais|envies|mandes|escribas)"
    r"|enviarnos|mandarnos|escribirnos)|mas\s(?:correos|e-?mails|mails|boletines|publicidad|promociones)"
    r"|a\sesta\s(?:direccion|cuenta))\b",
    "it": r"\b(?:(?:queste|le\svostre|le|vostre|tali|tutte\squeste)\s(?:[a-z-]{1,20}\s)?(?:email|e-?mail"
    r"|mail|comunicazioni"
    r"|newsletter"
    r"|messaggi|offerte|promozioni)|(?:inviarmi|mandarmi|scrivermi|inviarmele|mandarmele|inviarci|mandarci"
    r"|scriverci)"
    r"|(?:mandare|inviare|spedire)\s(?:piu\s)?(?:email|e-?mail|mail|newsletter|messaggi)"
    r"|a\squesto\s(?:indirizzo|account))\b",
    "pt": r"\b(?:(?:estes|estas|esses|essas|os|as|vossos|vossas|seus|suas|tantos|todos\sestes)\s"
    r"(?:[a-z-]{1,20}\s)?(?:e-?mails|mails"
    r"|mensagens|newsletters"
    r"|comunicados|comunicacoes|anuncios)|(?:(?:me|nos)\s(?:enviar|mandar)|enviar-(?:me|nos)|mandar-(?:me|nos))"
    r"|para\seste\s(?:endereco|email|e-mail))\b",
    "nl": r"\b(?:(?:deze|die|uw|jullie|de|al\sdie|al\sdeze)\s(?:[a-z-]{1,20}\s)?[a-z]{0,12}(?:mails|e-?mails"
    r"|berichten|nieuwsbrieven"
    r"|mailings"
    r"|mailtjes|aanbiedingen|reclame|mail|nieuwsbrief)|(?:mij|me)\s[^.!?]{0,30}\bmail(?:t|en)\b|per\s(?:e-?)?mail"
    r"|(?:naar|op)\sdit\s(?:e-?mail)?adres)\b",
}
CESSATION_CUES: dict[str, str] = {
    "en": r"\b(?:no\slonger|any\s?more|no\sfurther|any\sfurther|nothing\s(?:more|further|else)|from\snow\son"
    r"|in\s(?:the\s)?future"
    r"|spare\sme|stop|refrain"
    r"|rather\snot|not\sto"
    r"\s(?:receive|get)|cease|without)\b",
    "fr": r"\b(?:ne\splus|plus\sde|a\sl'avenir"
    # the "ne" dropped, as spoken: "merci de plus nous envoyer vos newsletters"
    r"|de\splus\s(?=(?:m'|me\s|nous\s|les\s)?(?:envoyer|ecrire|adresser|contacter))"
    r"|dorenavant|desormais|m'epargner|eviter|cesser|arreter"
    r"|plus\sjamais)\b",
    "de": r"\b(?:nicht\smehr|verschonen|kunftig|zukunftig|ersparen|einstellen|aufhoren|unterlassen|stoppen"
    r"|stoppt|stoppe|stellen\ssie\s[^.!?]{0,80}\bein(?=\s*(?:[.!]|$))"
    r"|nie\swieder)\b",
    "es": r"\b(?:ya\sno|abstener(?:se|nse|te)?\sde|(?:se\s)?abstengan(?:se)?\sde"
    r"|dejar\sde|dej(?:en|ad|aran|asen)\sde|evitar|evitarme|ahorrarme|en\sel\sfuturo"
    r"|a\spartir\sde\sahora"
    r"|nunca\smas"
    r"|no\s[^.!?]{0,30}\bmas)\b",
    "it": r"\b(?:evitare|evitarmi|smettere|smettete|in\sfuturo|d'ora\sin\spoi|risparmiarmi"
    r"|non\s[^.!?]{0,30}\b(?:piu|ulteriori))\b",
    "pt": r"\b(?:deixar\sde|deixem\sde|deixassem\sde|parar\sde|parem\sde|para\sde|evitar|no\sfuturo"
    r"|daqui\sem\sdiante|nao\s[^.!?]{0,30}\bmais)\b",
    "nl": r"\b(?:niet\smeer|niet\slanger|voortaan\sniet|geen\s[^.!?]{0,20}\bmeer|stoppen|besparen"
    r"|nooit\smeer)\b",
}
MISSING_MAIL: dict[str, str] = {
    "en": r"\b(?:i|we)\s(?:no\slonger|don'?t|do\snot|never|haven'?t|have\snot|stopped)\s(?:receiv|get|got"
    r"|been\sget"
    r"|been\sreceiv)",
    "fr": r"\b(?:je\sne\s(?:recois|recevais|les\srecois)\splus|je\sn'ai\splus\srecu|je\sne\srecois\spas)\b",
    "de": r"\b(?:ich|wir)\s(?:bekomme|erhalte|kriege|bekommen|erhalten)\b[^.!?]{0,40}\b(?:nicht\smehr"
    r"|keine\b)",
    "es": r"\b(?:ya\sno\s(?:recibo|me\sllega)|no\sme\s(?:llegan|llega|ha\sllegado)|dej[eo]\sde\srecibir)\b",
    "it": r"\b(?:non\s(?:ricevo|mi\sarriva|mi\sarrivano)|ho\ssmesso\sdi\sricevere)\b",
    "pt": r"\b(?:nao\s(?:recebo|estou\sa\sreceber|estou\srecebendo|me\schega)|deixei\sde\sreceber)\b",
    "nl": r"\b(?:ik|wij|we)\s(?:ontvang|krijg|ontvangen|krijgen)\b[^.!?]{0,40}\b(?:niet\smeer|geen\b)",
}

# --- what the customer answers (the Subject after "Re:") ----------------------------------------------------
# An order, a parcel, an appointment or a booking: "cancel" and "yes" answer it.
# "Your free trial ends in 3 days", "Ihr Digital-Abo verlängert sich": a paid plan's notice. Answered
# "Cancel" or "Désabonnez-moi" without naming the mail, the reader cannot tell the plan from the emails.
BILLING_SUBJECT = (
    r"\b(?:free\strial|trial\s(?:ends|ending|expires|is\sending)|renew(?:s|al|ed|ing)?|(?:your|the)\s(?:subscription"
    r"|membership)|price\s(?:change|increase|update)|billing"
    r"|essai\sgratuit|renouvel\w*|votre\sabonnement|cotisation|(?:hausse|changement)\sde\s(?:prix|tarif)"
    r"|probe(?:abo|zeitraum|monat)\w*|verlanger\w*|(?:ihr|dein)\s(?:digital-)?abo|mitgliedsbeitrag\w*"
    r"|beitragsanpassung|preisanpassung|preiserhohung"
    r"|prueba\sgratuita|renovar\w*|renovara|renueva\w*|(?:tu|su)\sabono|(?:tu|su)\ssuscripcion|cuota|(?:cambio|subida)\sde\sprecio"
    r"|prova\sgratuita|rinnov\w*|il\stuo\sabbonamento|quota\s(?:associativa|mensile|annuale)"
    r"|aumento\sdi\sprezzo"
    r"|teste\sgratis|periodo\sde\steste|renova\w*|sua\sassinatura|mensalidade|(?:aumento|alteracao)\sde\spreco"
    r"|proefperiode|verleng\w*|(?:je|uw)\sabonnement|contributie|prijswijziging|prijsverhoging"
    # a registration confirmed: for a course, an event or the newsletter? "Cancelar" cannot say
    r"|(?:your|the)\sregistration|votre\sinscription|(?:ihre|deine)\sanmeldung|(?:tu|su)\sinscripcion"
    r"|la\s(?:tua|sua)\siscrizione|(?:sua|a\ssua|tua|a\stua)\sinscricao|(?:je|uw)\s(?:inschrijving|aanmelding))\b"
)
TRANSACTIONAL_SUBJECT = (
    r"\b(?:order|orders|parcel|package|delivery|shipment|shipped|dispatched|appointment|reminder|booking"
    r"|reservation|invoice|receipt|tracking|commande|colis|livraison|expedie|rendez-vous|rappel|reservation"
    r"|facture|bestellung|paket|lieferung|sendung|versand|termin|terminerinnerung|erinnerung|buchung"
    r"|reservierung|rechnung|pedido|paquete|envio|entrega|cita|recordatorio|reserva|factura|ordine|pacco"
    r"|spedizione|consegna|appuntamento|promemoria|prenotazione|fattura|encomenda|pacote|consulta|marcacao"
    r"|lembrete|fatura|bestelling|pakket|levering|bezorging|afspraak|herinnering|boeking|reservering"
    r"|factuur|alarm|alarme|alarma|allarme|alarmmeldung)\b"
)
ABOUT_THE_ORDER = frozenset(
    {"cancel", "annuler", "annulez", "annulation", "stornieren", "storno", "cancelar", "cancela", "anular",
     "annulla", "annullare", "cancella", "cancellare", "cancellazione", "annuleren", "annuleer", "pare",
     "parem"}
)  # fmt: skip
# "Do you still want to receive our newsletter?": the question a re-permission mail asks.
KEEP_RECEIVING_QUESTION = (
    r"\b(?:still|keep|continue|continuer|seguir|continuare|continuar|blijven|weiterhin|weiter)\b.*"
    r"\b(?:receiv\w*|hear\w*|get\w*|recevoir|recib\w*|ricever\w*|receb\w*|ontvang\w*|erhalten|bekommen"
    r"|krijgen|lesen)\b"
    r"|\b(?:receiv\w*|hear\w*|recevoir|recib\w*|ricever\w*|receb\w*|ontvang\w*|erhalten|bekommen|krijgen)"
    r"\b.*\b(?:still|blijven|weiterhin)\b"
)
# "Ja, gerne weiterhin", "SIM, quero continuar": the first word of a yes to that question
YES_ANSWERS = frozenset(
    {"yes", "yep", "yeah", "oui", "ja", "jawohl", "si", "sim", "claro", "certo", "certamente"}
)
NO_ANSWERS = frozenset(
    {"no", "nope", "nah", "no thanks", "no thank you", "non", "non merci", "nein", "nein danke", "nee",
     "nee hoor", "nee dank je", "nee dank u", "nee bedankt", "nao", "nao obrigado", "nao obrigada", "nao obg",
     "no gracias", "no grazie", "hoeft niet meer", "nee hoor, hoeft niet meer", "nee, hoeft niet meer",
     "nicht mehr", "ya no", "non piu", "nao mais", "plus maintenant", "niet meer", "no more"}
)  # fmt: skip

# "Once a month would be plenty", "Graag minder mails", "troppe email": fewer mails, not none (unclear).
FEWER_MAILS = (
    r"\b(?:less\soften|fewer\s(?:e-?mails|mails|messages|newsletters)|too\smany\s(?:e-?mails|mails|messages)"
    r"|(?:once|one)\sa\s(?:week|month|fortnight)|(?:one|1)\s(?:e-?mail|mail)\sa\s(?:week|month)|less\sfrequent\w*"
    r"|moins\s(?:souvent|de\s(?:mails|messages|courriels|e-?mails))|trop\sde\s(?:mails|messages|courriels|e-?mails)"
    r"|une\sfois\spar\s(?:semaine|mois)|un\s(?:mail|courriel|e-?mail)\spar\s(?:jour|semaine)\sc'est\strop"
    r"|weniger\s(?:oft|haufig|mails|e-?mails|newsletter|nachrichten)|seltener|zu\sviele\s(?:mails|e-?mails"
    r"|newsletter|nachrichten)|einmal\s(?:pro|im|die|in\sder)\s(?:woche|monat)"
    r"|menos\s(?:correos|e-?mails|mails|frecuencia|a\smenudo|vezes|frequen\w*)|demasiados\s(?:correos|e-?mails"
    r"|mails)|una\svez\s(?:al|por|a\sla)\s(?:mes|semana)"
    r"|meno\s(?:email|e-mail|mail|spesso|frequent\w*)|troppe\s(?:email|e-mail|mail)|una\s(?:volta\s)?(?:al|a)\s"
    r"(?:mese|settimana)"
    r"|(?:e-?mails|mails)\sdemais|uma\svez\spor\s(?:mes|semana)"
    r"|minder\s(?:vaak|mails|e-?mails|berichten|nieuwsbrieven)|te\sveel\s(?:mails|e-?mails|berichten)"
    r"|(?:een|1)\s?(?:keer|x)\sper\s(?:week|maand))\b"
)
# "If I get one more of these, I'm reporting you to the ICO": a threat over the next mail is unclear.
THREAT = (
    r"\b(?:if|wenn|falls|als|si|se)\b[^.!?]{0,80}\b(?:report\w*|complain\w*|plainte|cnil|ico|procon"
    r"|reclame\saqui|verbraucherzentrale|datenschutz\w*|garante|aepd|autoriteit|klacht|denunci\w*|anzeige"
    r"|querela|queixa|reclamar|reclamo|lawyer|solicitor|avocat|anwalt|abogado|avvocato|advogado|advocaat"
    r"|police|polizei|policia|polizia|politie|tribunal|court|cnpd|agcom)\b"
)
