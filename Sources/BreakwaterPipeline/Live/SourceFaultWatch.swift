import BreakwaterCore
import BreakwaterFormats

/// Tells when the source's bad lines repeat: ``threshold`` of the last ``window`` lines read could not be used.
/// Then, and at most once a window, the service journals a `source_fault` note (through its inbox, so a resumed run
/// decides the same), which raises the `source_fault` signal.
struct SourceFaultWatch {
    /// Lines looked back over.
    static let window = 1_000
    /// Bad lines among them that make a fault.
    static let threshold = 10

    /// The numbers of the latest bad lines, at most ``threshold`` of them.
    private var recent: [Int] = []
    /// The line at which a fault was last told.
    private var toldAt: Int?

    /// Takes the errors of the lines read up to line `number`: the text of a `source_fault` note when they make a
    /// fault to tell, naming the source and the latest error; `nil` otherwise.
    mutating func read(upTo number: Int, errors: [StreamError], source: String) -> String? {
        guard let latest = errors.last else { return nil }
        recent += errors.map(\.line)
        if recent.count > Self.threshold { recent.removeFirst(recent.count - Self.threshold) }
        guard recent.count == Self.threshold, let oldest = recent.first, number - oldest < Self.window,
            toldAt.map({ number - $0 >= Self.window }) ?? true
        else { return nil }
        toldAt = number
        let text =
            "\(Self.threshold) of the last \(Self.window) lines from the source (\(source)) could not be read; "
            + "the latest: \(latest)"
        return Self.bounded(text)
    }

    /// `text` cut to what a note holds, on a character boundary.
    private static func bounded(_ text: String) -> String {
        guard text.utf8.count > Note.maximumTextBytes else { return text }
        var cut = ""
        for character in text {
            guard cut.utf8.count + character.utf8.count <= Note.maximumTextBytes - 3 else { break }
            cut.append(character)
        }
        return cut + "…"
    }
}
