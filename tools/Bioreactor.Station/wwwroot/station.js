// The station's browser side: signing a command with the person's password (docs/mqtt-protocol.md, "Signed commands")
// and ending an idle session. The password is read from its field here, never bound to the page's model, so it is not
// sent to the station; only the signed command is. WebCrypto: PBKDF2 (RFC 8018 §5.2) and HMAC-SHA256 (RFC 2104).
window.stationSigning = (function () {
    const encoder = new TextEncoder();

    function hexToBytes(hex) {
        const bytes = new Uint8Array(hex.length / 2);
        for (let i = 0; i < bytes.length; i++) {
            bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
        }
        return bytes;
    }

    function bytesToHex(buffer) {
        return Array.from(new Uint8Array(buffer), b => b.toString(16).padStart(2, "0")).join("");
    }

    // One line of the canonical form: name=<UTF-8 length of the value>:value\n.
    function line(name, value) {
        return name + "=" + encoder.encode(value).length + ":" + value + "\n";
    }

    // The canonical bytes (form 1): device, session and command, then every member but the signature in ordinal
    // order of the names; a string's value is its text, a number's the token JSON.stringify writes for it.
    function canonicalBytes(device, session, command, members) {
        let text = "bioreactor-command/1\n" + line("device", device) + line("session", session) + line("command", command);
        const names = Object.keys(members).filter(n => n !== "signature").sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        for (const name of names) {
            const value = members[name];
            if (typeof value === "string") {
                text += line(name, value);
            } else if (typeof value === "number" && Number.isFinite(value)) {
                text += line(name, JSON.stringify(value));
            } else {
                throw new Error("member " + name + " is neither a string nor a number");
            }
        }
        return encoder.encode(text);
    }

    // Signs the request's command with the password typed in the field passwordId (cleared at once) and returns the
    // command's JSON text with its signature, or throws when no password was typed.
    async function sign(passwordId, request) {
        const field = document.getElementById(passwordId);
        const password = field ? field.value : "";
        if (field) {
            field.value = "";
        }
        if (!password) {
            throw new Error("no password entered: nothing was signed");
        }
        const material = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
        const keyBits = await crypto.subtle.deriveBits(
            { name: "PBKDF2", hash: "SHA-256", salt: hexToBytes(request.salt), iterations: request.iterations }, material, 256);
        const key = await crypto.subtle.importKey("raw", keyBits, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
        const members = Object.assign({}, request.members);
        const mac = await crypto.subtle.sign("HMAC", key, canonicalBytes(request.device, request.session, request.command, members));
        members.signature = bytesToHex(mac);
        return JSON.stringify(members);
    }

    return { sign: sign, canonicalBytes: canonicalBytes };
})();

// Ends the session after a stretch without keyboard, mouse or touch input: the page's circuit would otherwise stay
// signed in as long as it is open.
window.stationIdle = (function () {
    let timer = null;
    function start(timeoutSeconds, logoutFormId) {
        const reset = () => {
            clearTimeout(timer);
            timer = setTimeout(() => {
                const form = document.getElementById(logoutFormId);
                if (form) {
                    form.submit();
                }
            }, timeoutSeconds * 1000);
        };
        ["keydown", "mousedown", "mousemove", "touchstart", "wheel"].forEach(e => document.addEventListener(e, reset, { passive: true }));
        reset();
    }
    return { start: start };
})();
