import Foundation

/// Secrets out of anything shown or logged: the password of a URL's user info and the values of
/// query parameters and headers whose names say they are credentials.
public enum Redaction {
    public static let mask = "<redacted>"

    /// Parts of names that mark a credential (`access_token`, `X-API-Key`, `client_secret`, …).
    static let secretNameParts = ["auth", "token", "secret", "password", "passwd", "pwd", "key", "cookie", "session",
                                  "credential", "signature", "sig"]

    public static func isSecretName(_ name: String) -> Bool {
        let name = name.lowercased()
        return secretNameParts.contains { name.contains($0) }
    }

    /// `https://user:pw@host/api?access_token=abc&q=up` → `https://user:<redacted>@host/api?access_token=<redacted>&q=up`.
    /// The user name stays (it tells which account is in use). Text that is not a URL comes back as it is.
    public static func url(_ text: String) -> String {
        guard var c = URLComponents(string: text), c.scheme != nil else { return text }
        var changed = false
        if c.password != nil { c.password = mask; changed = true }
        if let items = c.queryItems, items.contains(where: { isSecretName($0.name) && $0.value != nil }) {
            c.queryItems = items.map { isSecretName($0.name) && $0.value != nil ? URLQueryItem(name: $0.name, value: mask) : $0 }
            changed = true
        }
        guard changed, let out = c.string else { return text }
        return out.replacingOccurrences(of: "%3Credacted%3E", with: mask)
    }

    /// Every `http://` or `https://` URL inside `text` redacted (log lines, error messages).
    public static func urls(in text: String) -> String {
        guard text.contains("://") else { return text }
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: #"https?://[^\s"'<>]+"#, options: [.regularExpression, .caseInsensitive]) {
            out += rest[..<r.lowerBound]
            out += url(String(rest[r]))
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
