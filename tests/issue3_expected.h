// What issue 3 of ScatterAI holds, copied from data/issues/ (the only real
// stories): the source text and the page capture agree on every title and
// paragraph; only the source text keeps the "Why it matters" bullets.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace scatter::test::issue3 {

inline constexpr int kNumber = 3;
inline constexpr std::string_view kDate = "2026-02-09";
inline constexpr std::string_view kNewsletter = "ScatterAI";
inline constexpr std::string_view kHeadline =
    "DeepSeek's Efficiency Ripple, OpenAI's Sora Expansion, and the Enterprise AI Governance Spike";
inline constexpr std::string_view kSourceFile = "2026-02-09-issue-003.source.txt";
inline constexpr std::string_view kPageCaptureFile = "2026-02-09-issue-003.page-capture.txt";

inline constexpr std::size_t kParagraphsPerStory = 2;
inline constexpr std::size_t kBulletsPerStory = 3;  // in the source text; the page lost them

struct ExpectedStory {
  std::string_view title;
  std::string_view first_paragraph_opening;  // the first paragraph's first words
  std::array<std::string_view, kBulletsPerStory> bullets;
};

inline constexpr std::array<ExpectedStory, 5> kStories = {{
    {"The DeepSeek Aftermath: Industry-Wide Pivot to Training Efficiency",
     "One week after the DeepSeek-R1 release,",
     {"The era of “brute force scaling” as the only path to frontier performance is officially over, lowering the entry barrier for specialized labs",
      "Hardware efficiency optimizations (like MLA) are becoming standard requirements for new model architectures",
      "Chinese AI labs have gained significant narrative momentum, forcing US labs to justify their significantly higher spend-to-performance ratios"}},
    {"OpenAI Sora Enters ‘Red-Teaming’ Phase with Creative Professionals",
     "OpenAI has granted limited access to",
     {"High-end creative work is the first industry to face direct disruption from frontier generative video models",
      "The “consistency gap” in AI video is closing rapidly, making AI-generated content increasingly indistinguishable from filmed footage",
      "Metadata standards like C2PA are becoming the primary battlefield for AI content authentication and regulation"}},
    {"The Great Enterprise AI Governance Spike",
     "Internal memos from several Fortune 500",
     {"The “wild west” era of corporate AI adoption is ending, replaced by structured procurement and strict compliance frameworks",
      "Enterprise software vendors that cannot provide detailed audit logs and safety guarantees will lose market share to “safe-by-design” competitors",
      "Legal departments are now primary stakeholders in AI deployment decisions, often slowing down implementation in favor of risk mitigation"}},
    {"Google’s Gemini 1.5 Integration Hits Workspace Mainstream",
     "Google has completed the rollout of",
     {"Long-context windows are rendering many traditional RAG architectures (vector databases for simple retrieval) redundant for individual users",
      "The battle for the “AI Operating System” is being fought at the file system level",
      "Productivity gains for knowledge workers are increasingly tied to the model’s ability to “remember” and synthesize private organizational data"}},
    {"Mistral Releases ‘Pixtral’ 12B Multimodal Model",
     "Mistral AI released Pixtral 12B, its",
     {"Open-weight multimodal models are essential for privacy-sensitive vision tasks (e.g., medical imaging, internal document processing)",
      "The performance-to-size ratio of 12B models makes them ideal for deployment on laptops and mobile devices",
      "Mistral continues to drive the “small but mighty” model trend, challenging the assumption that vision tasks require massive parameter counts"}},
}};

}  // namespace scatter::test::issue3
