import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic file replacement: write a temporary file in the destination folder, then `rename(2)` it over
/// the final name, so a crash never leaves a partial file under the final name.
public enum AtomicFile {
    /// Writes `data` to `url` atomically. Throws ``NIfTIError`` (`writeFailed`) naming `url`.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NIfTIError(url, .writeFailed(reason: "folder \(folder.path) does not exist"))
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw NIfTIError(url, .isDirectory)
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            // The POSIX reason ("No space left on device") when Foundation has one.
            let ns = error as NSError
            let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            throw NIfTIError(url, .writeFailed(reason: posix.map { String(cString: strerror(Int32($0))) } ?? ns.localizedDescription))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw NIfTIError(url, .writeFailed(reason: "rename failed: \(reason)"))
        }
    }
}
