import Foundation
import Testing
import _TestSupport
@testable import GlioBayesCommandLine

@Suite struct BuiltinAnatomyTests {
    private func makeFakeClone() throws -> URL {
        let root = try SharedData.temporaryDirectory("gliobayes-anatomy")
        let anatomy = root.appendingPathComponent(BuiltinAnatomy.relativePath)
        try FileManager.default.createDirectory(at: anatomy, withIntermediateDirectories: true)
        for name in [BuiltinAnatomy.greyMatterFileName, BuiltinAnatomy.whiteMatterFileName] {
            try Data([0]).write(to: anatomy.appendingPathComponent(name))
        }
        let release = root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release")
        try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
        return root
    }

    @Test func foundByWalkingUpFromTheExecutable() throws {
        let root = try makeFakeClone()
        defer { try? FileManager.default.removeItem(at: root) }
        let executable = root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release/gliobayes")
        let anatomy = try BuiltinAnatomy.locate(environment: [:], executableURL: executable, sourceRoot: nil)
        #expect(anatomy.directory.resolvingSymlinksInPath().path
            == root.appendingPathComponent(BuiltinAnatomy.relativePath).resolvingSymlinksInPath().path)
    }

    @Test func environmentOverrideWinsAndIsChecked() throws {
        let root = try makeFakeClone()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent(BuiltinAnatomy.relativePath).path
        let anatomy = try BuiltinAnatomy.locate(environment: ["GLIOBAYES_ANATOMY": folder], executableURL: nil, sourceRoot: nil)
        #expect(anatomy.greyMatterURL.lastPathComponent == BuiltinAnatomy.greyMatterFileName)

        let empty = try SharedData.temporaryDirectory("gliobayes-anatomy-empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: BuiltinAnatomy.NotFound.self) {
            try BuiltinAnatomy.locate(environment: ["GLIOBAYES_ANATOMY": empty.path], executableURL: nil, sourceRoot: nil)
        }
    }

    @Test func notFoundIsAnInputFileErrorNamingTheVariable() throws {
        let empty = try SharedData.temporaryDirectory("gliobayes-anatomy-none")
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = runTool(["anatomy"], environment: ["GLIOBAYES_ANATOMY": empty.path])
        #expect(result.code == ExitCode.inputFile.rawValue)
        #expect(result.stderr.hasPrefix("gliobayes: error: \(empty.path)/\(BuiltinAnatomy.greyMatterFileName): built-in anatomy file not found"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        do {
            _ = try BuiltinAnatomy.locate(environment: [:], executableURL: empty.appendingPathComponent("gliobayes"), sourceRoot: nil)
            Issue.record("expected NotFound")
        } catch {
            #expect(error.description.contains("GLIOBAYES_ANATOMY"))
        }
    }

    @Test func anatomyCommandPrintsPathsAndJSON() throws {
        let root = try makeFakeClone()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent(BuiltinAnatomy.relativePath).standardizedFileURL.path
        let env = ["GLIOBAYES_ANATOMY": folder]
        let text = runTool(["anatomy"], environment: env)
        #expect(text.code == 0)
        #expect(text.stdout.split(separator: "\n").map { $0.split(separator: "\t")[0] } == ["directory", "grey_matter", "white_matter", "notice"])
        #expect(runTool(["anatomy", "--path", "white_matter"], environment: env).stdout == "\(folder)/\(BuiltinAnatomy.whiteMatterFileName)\n")
        let json = runTool(["anatomy", "--json"], environment: env)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["grey_matter"] as? String == "\(folder)/\(BuiltinAnatomy.greyMatterFileName)")
        #expect(object["shape"] as? [Int] == [197, 233, 189])
        #expect(runTool(["anatomy", "--path", "wm"], environment: env).code == 2)
    }

    @Test func theRepositoryShipsTheMapsWithTheirNotice() throws {
        let anatomy = try BuiltinAnatomy.locate(environment: [:], executableURL: nil)
        #expect(anatomy.directory.standardizedFileURL.path
            == SharedData.repositoryRoot.appendingPathComponent(BuiltinAnatomy.relativePath).standardizedFileURL.path)
        for url in [anatomy.greyMatterURL, anatomy.whiteMatterURL] {
            let data = try Data(contentsOf: url)
            #expect(data.prefix(2) == Data([0x1f, 0x8b]), "\(url.lastPathComponent) is not gzip")
            #expect(data.count > 1_000_000 && data.count < 6 * 1024 * 1024)
        }
        let notice = try String(contentsOf: anatomy.noticeURL, encoding: .utf8)
        #expect(notice.contains("Copyright (C) 1993-2009 Louis Collins, McConnell Brain Imaging Centre"))
    }
}
