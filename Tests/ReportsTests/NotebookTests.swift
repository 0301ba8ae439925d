import Foundation
import Testing
@testable import Reports

@Test func notebookHasNbformat45Structure() throws {
    let nb = Notebook(cells: [.markdown("# Title\nText"), .code("import arviz as az\nidata = az.from_cmdstan('chain-1.csv')")])
    let data = try nb.encoded()
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(object["nbformat"] as? Int == 4)
    #expect(object["nbformat_minor"] as? Int == 5)
    let kernelspec = try #require((object["metadata"] as? [String: Any])?["kernelspec"] as? [String: Any])
    #expect(kernelspec["name"] as? String == "python3")
    let cells = try #require(object["cells"] as? [[String: Any]])
    #expect(cells.count == 2)
    #expect(cells[0]["cell_type"] as? String == "markdown" && cells[0]["id"] as? String == "cell-0")
    #expect(cells[0]["source"] as? [String] == ["# Title\n", "Text"])
    #expect(cells[1]["outputs"] as? [Any] != nil)
    #expect(cells[1]["execution_count"] is NSNull)
    #expect(try nb.encoded() == data)   // deterministic bytes
}

@Test func sourceLinesKeepNewlinesExceptTheLast() {
    #expect(Notebook.sourceLines("a\nb\n") == ["a\n", "b\n"])
    #expect(Notebook.sourceLines("a") == ["a"])
    #expect(Notebook.sourceLines("") == [])
}
