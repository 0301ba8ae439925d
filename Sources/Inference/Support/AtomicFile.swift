import Foundation

/// Writes files so that readers never see a half-written result: write a temporary file in the same
/// folder, flush it to disk, then `rename(2)` it over the destination (atomic on POSIX file systems).
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws(InferenceError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw InferenceError.writeFailed(path: url.path, reason: "cannot create \(temporary.lastPathComponent) (\(String(cString: strerror(errno))))")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch let error as InferenceError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: url.path, reason: reason(error))
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: url.path, reason: reason)
        }
    }

    /// A one-line reason for a Foundation file error: the POSIX message when there is one
    /// ("No space left on device"), otherwise Foundation's localised description.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
        return posix.map { String(cString: strerror(Int32($0))) } ?? ns.localizedDescription
    }
}
