"""Customer replies as real mail clients send them (Gmail, iPhone, Apple Mail, Outlook, Thunderbird, Yahoo),
in seven languages, each checked against the label a careful human reader gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailgate.classify import classify_bytes
from mailgate.message import parse_message

EML = Path(__file__).parent.parent / "fixtures" / "eml"
NOT_OPT_OUT = ("none", "unclear")

# file -> (customer address or None for machine mail, acceptable intents, scope, automated)
LABELS: dict[str, tuple[str | None, tuple[str, ...], str | None, str | None]] = {
    # heldout94 (session 19): "Paper" in the shop's name, then "by email": the channel is email
    "reply-apple-en-rather-not-hear-from-shop-named-paper-by-email.eml": (
        "margaret.hollis@btinternet.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # heldout95 (session 19): a mistake told in a part of the sentence set off before the request
    "reply-outlook-nl-invoice-booked-by-mistake-then-actiemails-achterwege.eml": (
        "p.jansen@houten.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # heldout95: a colleague who left, "son adresse": someone else's address, for a human
    "reply-outlook-fr-colleague-left-retirer-son-adresse-disclaimer.eml": (
        "rh@imprimerie-valadier.example",
        ("unclear",),
        None,
        None,
    ),
    # heldout87 (session 19): dictated without punctuation, the "keine ... mehr" request ends before the
    # next clause's "nicht"
    "reply-iphone-de-dictated-keine-mails-mehr-then-nicht.eml": (
        "renate.kowalski@icloud.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # heldout88 (session 19): "RV:" is Spanish Outlook's forward prefix; the keyword typed after the
    # campaign's Subject is the customer's
    "reply-outlook-es-rv-subject-appended-baja.eml": (
        "iker.etx@outlook.example",
        ("unsubscribe",),
        "conversation",
        None,
    ),
    # heldout88: the campaigns stopped, the mail about one's own parcels kept: not "fewer mails"
    "reply-gmail-it-en-stop-promotional-only-delivery-mails.eml": (
        "sarah.whitfield@gmail.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # heldout91: a paid plan left for the free version is not the mail
    "reply-gmail-en-unsubscribe-from-plus-back-to-free-version.eml": (
        "chloe.park@gmail.example",
        ("none",),
        None,
        None,
    ),
    # the request typed after the campaign's Subject ("Re: Dicas de segurança - abril - não quero mais
    # receber") over a body with only a signature
    "reply-gmail-pt-subject-appended-nao-quero-mais-receber-signature-only.eml": (
        "rafael.nogueira.bh@gmail.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # "PARE!!" is Portuguese for STOP (answering an order or a parcel, it is about that)
    "reply-iphone-pt-pare-to-a-camera-offer.eml": (
        "bia.lima.sp@icloud.example",
        ("unsubscribe",),
        "conversation",
        None,
    ),
    # the writer's own signature: "Falls Sie keine weiteren Rundschreiben von Pichler Notariat erhalten
    # möchten, antworten Sie bitte mit „Abmelden“" under a viewing request
    "reply-outlook-de-viewing-request-own-disclaimer-reply-abmelden.eml": (
        "v.pichler@pichler-notariat.example",
        ("none",),
        None,
        None,
    ),
    # a learner's word order, "Je ne voudrais recevoir plus les newsletters", was read as asking to be added
    "reply-gmail-fr-learner-je-ne-voudrais-recevoir-plus.eml": (
        "hannah.becker93@gmail.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # "Re: Baja" answering the shop's confirmation, over "Ya no me llegan los SMS": the Subject is theirs
    "reply-gmail-es-re-baja-confirmation-thanks-sms-stopped.eml": (
        "camila.fuentes.r@gmail.example",
        ("none",),
        None,
        None,
    ),
    # "annullare la mia iscrizione alla mezza maratona": the race entry, not the mail
    "reply-iphone-it-withdraw-from-the-half-marathon-refund.eml": (
        "luca.benedetti77@libero.example",
        ("none", "unclear"),
        None,
        None,
    ),
    # "stop the emails, the texts and the app alerts too": email listed with other channels is still email
    "reply-yahoo-en-broadband-emails-texts-and-app-all-of-it.eml": (
        "g.pell1961@yahoo.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # "Vi chiederei di non mandare più le email promozionali ... Le fatture invece continuate pure a
    # mandarle qui": keeping the invoices does not take the opt-out back
    "reply-outlook-it-drop-the-adverts-keep-sending-the-invoices.eml": (
        "marta.villa@studiovilla.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # a complaint, a closing and the name, then "P.S.: já não quero receber estes emails"
    "reply-gmail-pt-streetlight-complaint-signature-then-ps-nao-quero-receber.eml": (
        "helena.antunes@sapo.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # a refund complaint: "Don't send me another 'sorry' voucher" is about the voucher, not the mail
    "reply-samsung-en-refund-complaint-dont-send-another-voucher.eml": (
        "dev.raman1988@outlook.example",
        ("none",),
        None,
        None,
    ),
    # an erasure request that names the lists: "inclusief mijn e-mailadres uit al uw verzendlijsten"
    "reply-outlook-nl-avg-verwijdering-inclusief-mailinglijsten.eml": (
        "h.bakker@ziggo.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # paper asked for in place of email: "il notiziario per posta anziché via email"
    "reply-gmail-it-notiziario-per-posta-invece-che-via-email.eml": (
        "marisa.benvenuti@libero.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # a complaint about delivery ("I'm not cancelling"), then "P.S. ... see to it that these ... emails stop"
    "reply-outlook-en-complaint-then-ps-see-to-it-these-emails-stop.eml": (
        "b.colclough@btinternet.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # a trip remembered, then "P.S. Zoudt u ervoor willen zorgen dat deze mails stoppen?"
    "reply-thunderbird-nl-trip-story-then-ps-zoudt-u-zorgen-dat-mails-stoppen.eml": (
        "riet.vandijk@kpnmail.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # "PS : et merci de ne plus m'envoyer vos lettres d'information par mail, le courrier papier me suffit"
    "reply-apple-fr-meter-then-ps-par-mail-papier-suffit.eml": (
        "odile.marchand@orange.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # a question on the product, then "P.D.: ¿Me podrían sacar de la lista de novedades?"
    "reply-outlook-es-question-then-pd-sacar-de-la-lista.eml": (
        "taravena@vinosdelmaule.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # Subject "Unsubscribe", body "Could you please unsubscribe dad.natarajan@... from the statement emails?"
    "reply-gmail-en-unsubscribe-someone-else-subject-keyword.eml": (
        "priya.natarajan@gmail.example",
        ("unclear",),
        None,
        None,
    ),
    # "- please remove my email address from your mailing lists ... - and I am moving near my son"
    "reply-outlook-en-my-address-then-near-my-son.eml": (
        "g.whitcombe@btinternet.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # thanks for the move, then "... any more – could you take me off this mailing list please?"
    "reply-outlook-en-compliment-then-dash-could-you-take-me-off.eml": (
        "beth.marsden@outlook.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # a long story, then "Mogen jullie mij daarom uit de mailinglijst halen aub?"
    "reply-apple-nl-mogen-jullie-mij-daarom-uit-de-mailinglijst.eml": (
        "marleen.peeters@skynet.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # "smettetela di telefonarmi ... Le email le leggo": calls asked to stop, the mail kept: for a human
    "reply-gmail-it-smettetela-di-telefonarmi.eml": (
        "giulia.ferraro@gmail.example",
        ("unclear",),
        None,
        None,
    ),
    # phone dictation: "full stop" is punctuation, and the customer asks for crossword answers
    "reply-iphone-en-dictated-full-stop-question.eml": (
        "m.whitby@talktalk.example",
        ("none",),
        None,
        None,
    ),
    # "mag ik mij afmelden voor de herstelafspraak van donderdag": an appointment, not the mail
    "reply-android-nl-afmelden-voor-de-herstelafspraak.eml": (
        "wout.claes@telenet.example",
        NOT_OPT_OUT,
        None,
        None,
    ),
    # "I would be very grateful if you would stop sending me the rides programme by email"
    "reply-outlook-en-very-grateful-stop-by-email.eml": (
        "h.bickerstaff@btinternet.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # the paid plan, "NICHT den Newsletter": the mail is kept, so unclear for a human
    "reply-gmail-de-plus-abo-nicht-den-newsletter.eml": (
        "jonas.wehner@gmail.example",
        ("unclear",),
        None,
        None,
    ),
    # the children named are the reason; the request is the writer's own mail
    "reply-yahoo-fr-ne-plus-m-envoyer-mes-enfants-grands.eml": (
        "nath.roux@yahoo.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # a keyword taken back on the next line ("wait no ... keep me"): unclear, for a human
    "reply-iphone-en-unsubscribe-wait-no-keep-me.eml": (
        "jade.okafor@icloud.example",
        ("unclear",),
        None,
        None,
    ),
    # "ni se os ocurra darme de baja" (don't you dare unsubscribe me) is a negation
    "reply-gmail-es-ni-se-os-ocurra-darme-de-baja.eml": (
        "lucia.ferrer.m@gmail.example",
        ("none",),
        None,
        None,
    ),
    # "haal me alsjeblieft van deze lijst af": a Dutch request softened by "alsjeblieft"
    "reply-outlook-nl-haal-me-alsjeblieft-van-deze-lijst-af.eml": (
        "r.meijer@ziggo.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # "rimuoverlo" after a sentence naming this address: this address's own opt-out, not someone else's
    "reply-gmail-it-questo-indirizzo-rimuoverlo.eml": (
        "amministrazione@bianchiserramenti.example",
        ("unsubscribe",),
        "conversation",
        None,
    ),
    # "stellen Sie die Zusendung Ihres Mandantenbriefs an diese Adresse ein": the verb split around the mail
    "reply-webde-de-stellen-sie-die-zusendung-ein.eml": (
        "h.bergmann@web.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # a bare yes under the quoted campaign's own "keep receiving these reminders?" question opts in
    "reply-iphone-fr-oui-a-la-question-citee.eml": (
        "s.vautrin@courriel.example",
        ("subscribe",),
        "conversation",
        None,
    ),
    # "sie" is the mother named in the sentence before: someone else's mail, for a human
    "reply-gmx-de-mutter-sie-austragen.eml": ("j.kremser@gmx.example", ("unclear",), None, None),
    # "la quiero dar de baja": the van is deregistered, not the customer
    "reply-outlook-es-lo-quiero-dar-de-baja.eml": (
        "r.echeverria@correo.example",
        ("none", "unclear"),
        None,
        None,
    ),
    # withdrawing from one class booked for a day is about the class, not the mail
    "reply-thunderbird-de-vom-kurs-abmelden.eml": (
        "g.obermaier@t-mail.example",
        ("none", "unclear"),
        None,
        None,
    ),
    # Portuguese Outlook heads the quoted campaign "Enviada:"; the footer's "Cancelar subscrição" is quoted
    "reply-outlook-pt-cabecalho-enviada.eml": (
        "rui.albuquerque@albuquerque-lda.example",
        ("none",),
        None,
        None,
    ),
    # an emoji ends a sentence, so "kun je me ... halen?" opens one and asks
    "reply-iphone-nl-emoji-dan-vraag.eml": ("fleurdewit@mailbox.example", ("do_not_email",), "all", None),
    # nearly unsubscribed, then asks for seats: nothing to act on
    "reply-gmail-fr-failli-se-desinscrire.eml": ("helene.marchetti@courrier.example", ("none",), None, None),
    # a dash between the keyword and "all"
    "reply-android-de-abmelden-strich-alles.eml": (
        "k.brandstaetter@post.example",
        ("unsubscribe",),
        "all",
        None,
    ),
    # the opt-out line in the customer's own company signature offers their mail, it asks nothing of ours
    "reply-outlook-nl-handtekening-met-eigen-afmeldregel.eml": (
        "r.verhoef@verhoef-bouw.example",
        ("none", "unclear"),
        None,
        None,
    ),
    # a list named by what it is for (the Friday lunches) is not the mail: a person reads it
    "reply-gmail-es-lista-del-comedor.eml": ("nuria.salas@correo.example", ("unclear",), None, None),
    # a greeting before the keyword on the same line
    "reply-android-es-hola-baja-en-la-misma-linea.eml": (
        "apineda@movil.example",
        ("unsubscribe",),
        "conversation",
        None,
    ),
    # parents write "send us no more": their son is the reason, not the one opting out
    "reply-outlook-it-genitori-non-mandateci-piu.eml": (
        "famiglia.ferri@posta.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # "ik zou graag geen ... meer ontvangen" refuses the newsletter; it does not ask for it
    "reply-thunderbird-nl-geen-oudleerlingen-nieuwsbrief.eml": (
        "h.deboer@kpn.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # web.de and GMX quote with "Gesendet:" above "Von:"; the campaign's footer below is not the customer's
    "reply-webde-de-anschrift-gesendet-von-block.eml": ("sabine.krause@web.example", ("none",), None, None),
    # the request names a colleague's address, not the one it is sent from: a human decides
    "reply-outlook-pt-retirem-email-de-antigo-colega.eml": (
        "rececao@clinicaaurora.example",
        ("unclear",),
        None,
        None,
    ),
    "reply-outlook-nl-toestemming-nieuwsbrief-intrekken.eml": (
        "p.bakker@kpn.example",
        ("do_not_email",),
        "all",
        None,
    ),
    "reply-gmail-it-cancellarmi.eml": ("giulia.rossi@gmail.example", ("do_not_email",), "all", None),
    "reply-iphone-pt-parar.eml": ("joao.ferreira@sapo.example", ("unsubscribe",), "conversation", None),
    "reply-outlook-nl-uitschrijven.eml": ("jan.devries@ziggo.example", ("do_not_email",), "all", None),
    "reply-thunderbird-en-unsubscribe-flowed.eml": (
        "peter.hall@posteo.example",
        ("unsubscribe",),
        "conversation",
        None,
    ),
    "reply-gmail-android-es-no-me-envien.eml": (
        "lucia.fernandez@gmail.example",
        ("do_not_email",),
        "all",
        None,
    ),
    "reply-apple-mail-de-question-stop-quoted.eml": ("sabine.krause@gmx.example", ("none",), None, None),
    "reply-outlook-en-stop-payment-cheque.eml": ("robert.ellis@outlook.example", ("none",), None, None),
    "reply-gmail-en-remove-late-fee.eml": ("daniel.okafor@gmail.example", ("none",), None, None),
    "reply-yahoo-fr-html-only-ne-plus-envoyer.eml": (
        "nathalie.petit@yahoo.example",
        ("do_not_email",),
        "all",
        None,
    ),
    "reply-iphone-en-start.eml": ("emma.clarke@icloud.example", ("subscribe",), "conversation", None),
    "reply-outlook-mobile-it-risposta-automatica.eml": (None, ("none",), None, "auto_reply"),
    "reply-gmail-pt-negation-nao-parem.eml": ("ricardo.almeida@gmail.example", NOT_OPT_OUT, None, None),
    # Bottom posting (heldout8, session 5): the customer's words follow the ">" quote.
    # Yahoo's German attribution ("Am … hat X <x@y> Folgendes geschrieben:") opens quoted history with
    # no ">" on its lines: the campaign footer's "Newsletter abbestellen" below it is not the customer's.
    "reply-yahoo-de-folgendes-geschrieben-footer-abbestellen.eml": (
        "m.yilmaz@yahoo.example",
        ("none",),
        None,
        None,
    ),
    "reply-thunderbird-fr-bottom-posted-ne-plus-envoyer.eml": (
        "marc.dubois@laposte.example",
        ("do_not_email",),
        "all",
        None,
    ),
    "reply-gmail-en-bottom-posted-question.eml": ("amy.chen@gmail.example", ("none",), None, None),
    # heldout14/15 (session 7): asked back on in words; the wrong goods; "STOP!!" as delight.
    "reply-gmail-es-volver-a-suscribir.eml": (
        "ines.garcia@gmail.example",
        ("subscribe",),
        "conversation",
        None,
    ),
    "reply-outlook-es-dejen-de-enviarme-color-equivocado.eml": (
        "simone.f@outlook.example",
        ("none",),
        None,
        None,
    ),
    "reply-iphone-en-stop-exclaimed-amazing-offer.eml": ("dan.w@icloud.example", ("none",), None, None),
    # heldout16 (session 8): the negation is the request; the question begins after it.
    "reply-outlook-en-do-not-send-newsletter-again.eml": (
        "m.hollis@outlook.example",
        ("do_not_email",),
        "all",
        None,
    ),
    # heldout20 (session 8): "no" answering "do you still want to receive ...?" opts out of that mail.
    "reply-iphone-fr-non-merci-continuer-a-recevoir.eml": (
        "claire.dubois@icloud.example",
        ("do_not_email",),
        "all",
        None,
    ),
    "reply-gmail-es-dejen-de-mandarme-pregunta-despues.eml": (
        "rosa.martin@gmail.example",
        ("do_not_email",),
        "all",
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(LABELS))
def test_reply_fixture_is_classified_as_labelled(name: str) -> None:
    customer, intents, scope, automated = LABELS[name]
    raw = (EML / name).read_bytes()
    got = classify_bytes(raw)
    assert got.intent in intents, got
    assert (got.scope, got.automated) == (scope, automated), got
    if automated is None:
        assert parse_message(raw).from_address == customer
